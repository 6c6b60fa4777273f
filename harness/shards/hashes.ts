/**
 * Fingerprints that let shards of one sweep recognise each other: of a claim pack (every
 * claim's content, not its path), and of a set of job keys (a round's plan, or the seeds a
 * round was planned from).
 */
import { createHash } from 'node:crypto';
import type { Claim } from '../claims/claim-types.ts';
import { canonicalJson } from '../sweep/job.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** sha256 of the claims' canonical JSON, by id, without the file paths they were read from. */
export function claimsHash(claims: readonly Claim[]): string {
  const material = [...claims].sort((a, b) => a.id.localeCompare(b.id)).map(({ file: _file, ...rest }) => rest);
  return sha256(canonicalJson(material));
}

/** sha256 of a set of job keys (sorted, deduplicated). */
export function keysHash(keys: Iterable<string>): string {
  return sha256([...new Set(keys)].sort().join('\n'));
}
