/**
 * MediaMTX's OpenAPI spec as a validator (ajv). The spec is not in the repository: the conformance
 * tests load the file MEDIAMTX_OPENAPI names (apidocs/openapi.yaml of the MediaMTX version you run).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/**
 * `response` (default): the spec declares no `required` lists, but MediaMTX (Go, no omitempty)
 * always serialises every field except deprecated nullable ones, and nothing else. So in this
 * mode every other declared property is required and unknown properties are rejected.
 * `partial`: the spec as written (all optional, extra keys allowed), e.g. for PATCH bodies.
 */
export type SpecMode = 'response' | 'partial';

export type Json = Record<string, unknown>;
export type Spec = { components: { schemas: Record<string, Json> }; paths: Record<string, Record<string, Json>> };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const schemaId = (mode: SpecMode, name: string) => `https://mediamtx.invalid/spec/${mode}/${name}`;

/** OpenAPI 3.0 schema -> JSON Schema draft-07, as ajv understands it. */
function toJsonSchema(node: unknown, mode: SpecMode): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, mode));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    return { $ref: schemaId(mode, node.$ref.replace('#/components/schemas/', '')) };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, mode)]));
    } else if (key === 'oneOf') {
      // The codecProps variants overlap (AC3 and MPEG4Audio have identical shapes), so real
      // data matches several of them: "oneOf" cannot hold, "anyOf" is what the spec means.
      out.anyOf = toJsonSchema(value, mode);
    } else if (['items', 'allOf', 'anyOf'].includes(key)) {
      out[key] = toJsonSchema(value, mode);
    } else {
      out[key] = value;
    }
  }
  if (mode === 'response' && isObject(node.properties)) {
    out.required = Object.entries(node.properties)
      .filter(([, p]) => !(isObject(p) && p.nullable === true && p.deprecated === true))
      .map(([k]) => k);
    out.additionalProperties = false;
  }
  // ajv's own `nullable` only widens `type`, which misses `allOf`/`$ref` schemas: wrap instead.
  return node.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || '(root)';
  const extra = e.keyword === 'additionalProperties' ? ` '${String(e.params.additionalProperty)}'` : '';
  return `${at} ${e.message ?? e.keyword}${extra}`;
}

export interface OpenApiValidator {
  spec: Spec;
  /** Validates `value` against `components.schemas[schemaName]`; returns problems (empty = valid). */
  validateAgainstSpec(schemaName: string, value: unknown, mode?: SpecMode): string[];
  /**
   * The schema the spec documents for a response: `responseSchemaName('GET',
   * '/v3/paths/get/live/cam', 404)` -> 'Error'. Undefined when the spec documents no such response.
   */
  responseSchemaName(method: string, urlPath: string, status: number): string | undefined;
  /** Both steps at once: the status must be documented for the route, and the body must match. */
  validateResponse(method: string, urlPath: string, status: number, body: unknown): string[];
}

export function openApiValidator(file: string): OpenApiValidator {
  const spec = parse(readFileSync(file, 'utf8')) as Spec;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('uint64', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  for (const mode of ['response', 'partial'] as const) {
    for (const [name, schema] of Object.entries(spec.components.schemas)) {
      ajv.addSchema(toJsonSchema(schema, mode) as Json, schemaId(mode, name));
    }
  }

  function validateAgainstSpec(schemaName: string, value: unknown, mode: SpecMode = 'response'): string[] {
    if (!(schemaName in spec.components.schemas)) throw new Error(`no schema ${schemaName} in ${file}`);
    const validate = ajv.getSchema(schemaId(mode, schemaName)) as ValidateFunction;
    return validate(value) ? [] : (validate.errors ?? []).map(describe);
  }

  function responseSchemaName(method: string, urlPath: string, status: number): string | undefined {
    const templates = Object.keys(spec.paths);
    // A literal path wins over a template; template parameters may span slashes (path names do).
    const template =
      templates.find((t) => t === urlPath) ??
      templates.find((t) => new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '.+')}$`).test(urlPath));
    const operation = template ? spec.paths[template]?.[method.toLowerCase()] : undefined;
    const responses = operation?.responses as Record<string, Json> | undefined;
    const content = responses?.[String(status)]?.content as Record<string, { schema?: { $ref?: string } }> | undefined;
    return content?.['application/json']?.schema?.$ref?.replace('#/components/schemas/', '');
  }

  function validateResponse(method: string, urlPath: string, status: number, body: unknown): string[] {
    const name = responseSchemaName(method, urlPath, status);
    if (!name) return [`${method} ${urlPath} -> ${status} is not documented in the spec`];
    return validateAgainstSpec(name, body).map((p) => `${name}: ${p}`);
  }

  return { spec, validateAgainstSpec, responseSchemaName, validateResponse };
}
