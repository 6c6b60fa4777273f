#!/usr/bin/env node
// The side-by-side table of docs/reproduction.md from a results folder: per claim, each expectation
// with what it counted (x of n learned seeds, of how many trained), the interval the verdict reads,
// the verdict, and whether more seeds of the tier could decide it (futile: the projection to maxSeeds,
// harness/claims/futility.ts). Markdown on stdout; the write-up's sentences are added by hand.
//   node scripts/reproduction-table.mjs runs/nightly
import { readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/reproduction-table.mjs RESULTS_DIR');
  process.exit(2);
}
const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
const f2 = (x) => x.toFixed(2);
const span = (s) => (s ? `[${f2(s.lower)}, ${f2(s.upper)}]` : '—');
const counted = (e) =>
  e.counted
    .map((c) => `${c.arm}: ${c.x}/${c.n}${c.learned !== null && c.learned !== undefined && c.total !== undefined && c.n !== c.total ? ` (${c.learned} of ${c.total} learned)` : ''}`)
    .join('; ');
console.log('| claim | verdict | expectation | counted | interval | expectation verdict |');
console.log('|---|---|---|---|---|---|');
for (const c of results.claims) {
  c.expectations.forEach((e, i) => {
    const verdict = e.status === 'inconclusive' && e.futile ? `inconclusive, futile (at maxSeeds: ${span(e.futile.interval)})` : e.status;
    console.log(`| ${i === 0 ? `${c.id}@${c.version}` : ''} | ${i === 0 ? `**${c.status}**` : ''} | ${e.label} | ${counted(e)} | ${span(e.interval)} | ${verdict} |`);
  });
}
const s = results.claims.reduce((a, c) => ({ ...a, [c.status]: (a[c.status] ?? 0) + 1 }), {});
console.log(`\n${s.pass ?? 0} pass, ${s.fail ?? 0} fail, ${s.inconclusive ?? 0} inconclusive of ${results.claims.length} claims (tier ${results.tier}, commit ${results.git?.commit?.slice(0, 10)}, ${results.backend?.name}/${results.backend?.device}).`);
