/**
 * Schema validation of a claim file with friendlier messages for the few
 * constructs the generic describer in util/schema.ts words poorly: the
 * `kind` dispatch (if/then), enum values (the renamed `fromCritical`, ablating failed seeds), "exactly one of atLeast / atMost" (oneOf), the
 * `intermediates` choice (anyOf) and kebab-case names (propertyNames).
 */
import { validate, ValidationError } from '../util/schema.ts';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `a.b.0` -> the value at that path in `data` (undefined when absent). */
function at(data: unknown, dotted: string): unknown {
  let cur: unknown = data;
  for (const key of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** An enum problem (util/schema.ts gives the value and a did-you-mean); the renamed ablation and an ablation of failed seeds say why. */
function enumProblem(problem: string, path: string, value: unknown): string {
  if (path.endsWith('.ablation') && value === 'fromCritical') return `\`${path}\`: \`fromCritical\` was renamed \`fromOnset\` (the ablation starts at t_i's onset layer a_i, not at its critical layer); write \`ablation: fromOnset\``;
  if (path.endsWith('.verdict') && value === 'failed') return `\`${path}\`: \`failed\` seeds did not learn, so they have no mechanism to ablate; judge \`sequential\`, \`partial\` or \`memorised\` seeds`;
  return problem;
}

/** Rewrite the generic messages of one file's problems; see the module comment. */
function rewrite(problems: readonly string[], data: unknown): string[] {
  const pathOf = (p: string) => /^`([^`]+)`/.exec(p)?.[1];
  const oneOfPaths = new Set(problems.filter((p) => p.includes('must match exactly one schema in oneOf')).map(pathOf));
  const anyOfPaths = new Set(problems.filter((p) => p.includes('must match a schema in anyOf')).map(pathOf));
  const out: string[] = [];
  for (const p of problems) {
    const path = pathOf(p);
    if (p.includes('must match "then" schema')) continue; // the branch's own errors say what is wrong
    const missingBound = /^missing required field `(atLeast|atMost)` in `([^`]+)`/.exec(p);
    if (missingBound && oneOfPaths.has(missingBound[2])) continue;
    if (path && anyOfPaths.has(path) && !p.includes('anyOf')) continue;
    if (p.includes('must match exactly one schema in oneOf')) {
      out.push(`\`${path}\` must give exactly one of \`atLeast\` or \`atMost\``);
    } else if (p.includes('must match a schema in anyOf') && path?.endsWith('.intermediates')) {
      out.push(`\`${path}\` must be \`all\` or a list of distinct intermediate indices i >= 1 (e.g. [1, 2]), got ${JSON.stringify(at(data, path))}`);
    } else if (path && / must be one of "/.test(p)) {
      out.push(enumProblem(p, path, at(data, path)));
    } else if (p.includes('property name must be valid') && path) {
      const value = at(data, path);
      const bad = value && typeof value === 'object' ? Object.keys(value).filter((k) => !KEBAB.test(k)) : [];
      out.push(`names in \`${path}\` must be kebab-case (lower-case words joined by '-'): ${bad.map((k) => `\`${k}\``).join(', ')}`);
    } else if (path && /must match pattern "\^\[a-z0-9\]/.test(p) && (path === 'arms' || path === 'tiers')) {
      continue; // reported once by the propertyNames line
    } else {
      out.push(p);
    }
  }
  return [...new Set(out)];
}

/**
 * Validate raw claim data against schemas/claim.schema.json.
 * @throws ValidationError naming `file` and every bad field (JSON path with dots).
 */
export function validateClaimSchema<T>(data: unknown, file: string): T {
  // Compiling the arm schema first registers its $id with the shared ajv, so the
  // claim schema's `$ref: arm.schema.json` resolves (and unknown arm fields get
  // the same did-you-mean as arm files).
  validate('arm', {}, '(arm schema)');
  try {
    return validate<T>('claim', data, file);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.file, rewrite(error.problems, data));
    throw error;
  }
}
