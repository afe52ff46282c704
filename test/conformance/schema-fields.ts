/**
 * Our schemas of MediaMTX's answers (server/mediamtx/schemas.ts) against the OpenAPI spec: every
 * field we declare must be one the spec's schema declares, with a type that fits ours.
 */
import { z } from 'zod';
import type { Json, Spec } from './openapi-validator.ts';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows `$ref` and single-entry `allOf` wrappers; keeps `nullable` from any level. */
function resolve(spec: Spec, node: Json): Json {
  let nullable = node.nullable === true;
  let current = node;
  for (;;) {
    if (typeof current.$ref === 'string') current = spec.components.schemas[current.$ref.replace('#/components/schemas/', '')] ?? {};
    else if (Array.isArray(current.allOf) && current.allOf.length === 1 && isObject(current.allOf[0])) current = current.allOf[0];
    else break;
    nullable ||= current.nullable === true;
  }
  return { ...current, nullable };
}

/** Our JSON Schema type against the spec's: an integer fits our number, an enum of strings our string. */
function typeFits(ours: string, theirs: unknown): boolean {
  return ours === theirs || (ours === 'number' && theirs === 'integer');
}

function compare(spec: Spec, ours: Json, theirs: Json, at: string, problems: string[]): void {
  const node = resolve(spec, theirs);
  const type = ours.type as string | undefined;
  if (node.nullable && !(Array.isArray(ours.anyOf) && ours.anyOf.some((o) => isObject(o) && o.type === 'null'))) {
    problems.push(`${at}: may be null in the spec, but we read it as ${type}`);
  }
  if (!type) return;
  const theirType = node.type ?? (isObject(node.properties) ? 'object' : undefined);
  if (!typeFits(type, theirType)) {
    problems.push(`${at}: we read ${type}, the spec says ${String(theirType)}`);
    return;
  }
  if ('const' in ours && Array.isArray(node.enum) && !node.enum.includes(ours.const)) {
    problems.push(`${at}: we expect ${JSON.stringify(ours.const)}, the spec allows ${JSON.stringify(node.enum)}`);
  }
  if (type === 'array' && isObject(ours.items) && isObject(node.items)) compare(spec, ours.items, node.items, `${at}[]`, problems);
  if (type === 'object' && isObject(ours.properties)) {
    const declared = isObject(node.properties) ? node.properties : {};
    for (const [key, field] of Object.entries(ours.properties)) {
      const path = at ? `${at}.${key}` : key;
      if (!isObject(declared[key])) problems.push(`${path}: not in the spec`);
      else if (isObject(field)) compare(spec, field, declared[key], path, problems);
    }
  }
}

/** Problems of `ours` against `components.schemas[schemaName]`; empty when every field we read is there and fits. */
export function fieldProblems(spec: Spec, ours: z.ZodType, schemaName: string): string[] {
  const theirs = spec.components.schemas[schemaName];
  if (!theirs) return [`no schema ${schemaName} in the spec`];
  const problems: string[] = [];
  compare(spec, z.toJSONSchema(ours) as Json, theirs, '', problems);
  return problems.map((p) => `${schemaName}: ${p.startsWith(':') ? `(root)${p}` : p}`);
}
