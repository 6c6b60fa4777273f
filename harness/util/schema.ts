import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { didYouMean } from './suggest.ts';

/** The folder of the JSON Schemas that ship with the package. */
export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas');

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const compiled = new Map<string, ValidateFunction>();

export function loadSchema(name: string): object {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${name}.schema.json`), 'utf8')) as object;
}

let registered = false;

/** Register every shipped schema once, so `$ref`s between them always resolve. */
function registerAll(): void {
  if (registered) return;
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort()) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object);
  }
  registered = true;
}

function validator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    registerAll();
    const id = (loadSchema(name) as { $id?: string }).$id;
    v = (id ? ajv.getSchema(id) : undefined) ?? ajv.compile(loadSchema(name));
    compiled.set(name, v);
  }
  return v;
}

export class ValidationError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function describe(error: ErrorObject, schemaName: string): string {
  const field = error.instancePath === '' ? '(top level)' : `\`${error.instancePath.slice(1).replaceAll('/', '.')}\``;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const hint = didYouMean(key, allowed);
      const where = error.instancePath === '' ? '' : ` in ${field}`;
      return `unknown field \`${key}\`${where}${hint ? ` (did you mean \`${hint}\`?)` : ''}; allowed: ${allowed.join(', ')}`;
    }
    case 'enum': {
      const values = p.allowedValues as unknown[];
      const hint = typeof error.data === 'string' ? didYouMean(error.data, values.filter((v): v is string => typeof v === 'string')) : undefined;
      return `${field} must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}; got ${JSON.stringify(error.data)}${hint ? ` (did you mean \`${hint}\`?)` : ''}`;
    }
    case 'type':
      return `${field} must be ${String(p.type)}, got ${JSON.stringify(error.data)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${field} ${error.message ?? 'is out of range'}, got ${JSON.stringify(error.data)}`;
    case 'required':
      return `missing required field \`${String(p.missingProperty)}\`${error.instancePath ? ` in ${field}` : ''}`;
    default:
      return `${field} ${error.message ?? 'is invalid'} (schema ${schemaName})`;
  }
}

/** Validate `data` against schemas/<name>.schema.json; throw a ValidationError naming file and fields. */
export function validate<T>(name: string, data: unknown, file: string): T {
  const v = validator(name);
  if (!v(data)) {
    const problems = [...new Set((v.errors ?? []).map((e) => describe(e, name)))];
    throw new ValidationError(file, problems);
  }
  return data as T;
}
