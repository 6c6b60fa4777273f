/**
 * Where each claim and expectation is written: the claim file and the line of its `id` and of
 * each `expect` item, so that annotations and JUnit test cases point at the YAML a reader edits.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

export interface ClaimLocation {
  file: string;
  /** 1-based line of the claim's `id`. */
  line: number;
  /** 1-based line of each `expect` item, in order. */
  expectationLines: number[];
}

/** Locations of the claims in `claimsDir` by id; files that do not parse are skipped (the check has read them already). */
export function claimLocations(claimsDir: string): Map<string, ClaimLocation> {
  const out = new Map<string, ClaimLocation>();
  if (!existsSync(claimsDir)) return out;
  for (const name of readdirSync(claimsDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = path.join(claimsDir, name);
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
    if (doc.errors.length || !isMap(doc.contents)) continue;
    const idPair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'id');
    const id = doc.get('id');
    if (typeof id !== 'string' || !idPair || !isScalar(idPair.key) || out.has(id)) continue;
    const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
    const expect = doc.get('expect');
    out.set(id, {
      file,
      line: lineOf(idPair.key.range?.[0]),
      expectationLines: isSeq(expect) ? expect.items.map((item) => lineOf((item as { range?: [number, number, number] }).range?.[0])) : [],
    });
  }
  return out;
}

/** The location of a claim: found in the pack, else `<claimsDir>/<id>.yaml` line 1 (the pack's naming rule). */
export function locateClaim(locations: ReadonlyMap<string, ClaimLocation>, claimsDir: string, id: string): ClaimLocation {
  return locations.get(id) ?? { file: path.join(claimsDir, `${id}.yaml`), line: 1, expectationLines: [] };
}
