/**
 * Where the dashboard's pages live, relative to the site root: index.html, one page per claim
 * with the seeds behind each of its rates (claims/<id>.html), and one page per seed
 * (seeds/<key>.html). Names come from claim ids and cache keys, which the site does not trust:
 * anything but [A-Za-z0-9_-] is replaced and a short hash of the raw name keeps two names apart.
 */
import { createHash } from 'node:crypto';

/** The folders of the pages below the site root. */
export const CLAIMS_DIR = 'claims';
export const SEEDS_PAGES_DIR = 'seeds';

/** A file-name-safe form of `name`: itself when already safe, else a slug plus 8 hex of its hash. */
export function safeName(name: string): string {
  if (/^[A-Za-z0-9_-]{1,100}$/.test(name)) return name;
  const slug = name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60);
  return `${slug}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** The page of a claim's seed lists, from the site root. */
export const claimPagePath = (claimId: string): string => `${CLAIMS_DIR}/${safeName(claimId)}.html`;

/** The page of one seed, from the site root. */
export const seedPagePath = (key: string): string => `${SEEDS_PAGES_DIR}/${safeName(key)}.html`;

/** The fragment of one arm's seed list under one expectation on its claim page. */
export const seedListAnchor = (index: number, arm: string): string => `e${index}-${safeName(arm)}`;

/** The link from the site root to an expectation's seed list of one arm. */
export const seedListHref = (claimId: string, index: number, arm: string): string => `${claimPagePath(claimId)}#${seedListAnchor(index, arm)}`;

/** From a page one folder down (claims/, seeds/) back to a path from the root. */
export const up = (fromRoot: string): string => `../${fromRoot}`;
