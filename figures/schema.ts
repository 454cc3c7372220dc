// Validation of figure specs against the Vega-Lite JSON schema (draft-07) shipped with vega-lite. The
// validator is compiled once, on first use (about a second), and reused.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

export interface SchemaValidation {
  valid: boolean;
  /** one line per error: "<instance path>: <message>", empty when valid */
  errors: string[];
}

let validator: ValidateFunction | undefined;

/** The path of the schema file of the installed vega-lite. */
export function vegaLiteSchemaPath(): string {
  return createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
}

function getValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(vegaLiteSchemaPath(), 'utf8')) as Record<string, unknown>;
    // strict: false — the schema uses keywords ajv's strict mode rejects (e.g. unknown formats/annotations)
    const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
    // the formats the schema names; URIs are not checked (figure specs carry no URLs), hex colours are
    ajv.addFormat('uri', true);
    ajv.addFormat('uri-reference', true);
    ajv.addFormat('color-hex', /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
    validator = ajv.compile(schema);
  }
  return validator;
}

/** Checks a spec (any JSON value) against the Vega-Lite schema. */
export function validateVegaLite(spec: unknown): SchemaValidation {
  const validate = getValidator();
  // validate a JSON round-trip: what is checked is exactly what would be written to <id>.vl.json
  const json: unknown = JSON.parse(JSON.stringify(spec) ?? 'null');
  if (validate(json)) return { valid: true, errors: [] };
  const errors = (validate.errors ?? []).map((e) => {
    const params =
      e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})` : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${params}`;
  });
  return { valid: false, errors: [...new Set(errors)] };
}
