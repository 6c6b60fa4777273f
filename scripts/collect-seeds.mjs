#!/usr/bin/env node
// Copy the finished seeds of one tier from a result cache into RESULTS_DIR/seeds/<key>/ (summary,
// record and probe; no checkpoint), so a long run that is still going can be committed seed by
// seed and `staircase report` / `baseline update` later rebuild from the repository alone.
// Seeds already there are left as they are; a seed still training (no summary.json yet) is skipped.
//
//   node scripts/collect-seeds.mjs --cache DIR --tier nightly --out runs/nightly
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { cache: { type: 'string' }, tier: { type: 'string' }, out: { type: 'string' } } });
if (!values.cache || !values.tier || !values.out) {
  console.error('usage: node scripts/collect-seeds.mjs --cache DIR --tier T --out RESULTS_DIR');
  process.exit(2);
}
let added = 0;
let seen = 0;
for (const key of readdirSync(values.cache)) {
  if (key.startsWith('.')) continue;
  const from = path.join(values.cache, key);
  const summaryFile = path.join(from, 'summary.json');
  if (!existsSync(summaryFile)) continue;
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  if (summary.tier !== values.tier) continue;
  seen++;
  const to = path.join(values.out, 'seeds', key);
  if (existsSync(path.join(to, 'summary.json'))) continue;
  mkdirSync(to, { recursive: true });
  // The summary last, each file through a temporary name: a reader never sees half a seed.
  for (const f of ['record.json', 'probe.json', 'summary.json']) {
    copyFileSync(path.join(from, f), path.join(to, `${f}.tmp`));
    renameSync(path.join(to, `${f}.tmp`), path.join(to, f));
  }
  added++;
}
console.log(`${values.tier}: ${seen} finished seeds in ${values.cache}, ${added} new in ${path.join(values.out, 'seeds')}`);
