// Errors a user can act on. Each carries a code, and its message names the file, the key and the
// allowed values where there are any. The CLI prints the message alone (no stack) and exits non-zero.

export class PipelineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PipelineError';
  }
}

/** A bad value in the parameters file. */
export class ParamsError extends PipelineError {
  constructor(file: string, key: string, problem: string) {
    super('E_PARAMS', `${file}: ${key}: ${problem}`);
  }
}

export function isPipelineError(error: unknown): error is PipelineError {
  return error instanceof PipelineError;
}
