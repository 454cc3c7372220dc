import { ReportTemplateError } from '../../report/template-engine.ts';

/** The ReportTemplateError `fn` throws; any other outcome fails the test. */
export function errorOf(fn: () => unknown): ReportTemplateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReportTemplateError) return err;
    throw err;
  }
  throw new Error('expected a ReportTemplateError');
}
