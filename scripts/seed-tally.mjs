#!/usr/bin/env node
// Per arm: seeds, learned, verdicts and training outcomes of a results folder's seeds
// (DIR/seeds/*/summary.json), as the markdown table docs/reproduction.md shows while a run is
// still going (before results.json exists).   node scripts/seed-tally.mjs runs/nightly
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir || !existsSync(path.join(dir, 'seeds'))) {
  console.error('usage: node scripts/seed-tally.mjs RESULTS_DIR (a folder with seeds/<key>/summary.json)');
  process.exit(2);
}
const byArm = new Map();
for (const key of readdirSync(path.join(dir, 'seeds'))) {
  const file = path.join(dir, 'seeds', key, 'summary.json');
  if (!existsSync(file)) continue;
  const s = JSON.parse(readFileSync(file, 'utf8'));
  byArm.set(s.arm, [...(byArm.get(s.arm) ?? []), s]);
}
const counts = (xs) => Object.entries(xs.reduce((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {})).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join(', ');
console.log('| arm | seeds | learned | verdicts | outcomes |\n|---|---:|---:|---|---|');
for (const [arm, seeds] of [...byArm].sort(([a], [b]) => a.localeCompare(b))) {
  seeds.sort((a, b) => a.seed - b.seed);
  const span = `${seeds.length} (${seeds[0].seed}-${seeds.at(-1).seed})`;
  console.log(`| ${arm} | ${span} | ${seeds.filter((s) => s.verdict !== 'failed').length} | ${counts(seeds.map((s) => s.verdict))} | ${counts(seeds.map((s) => s.outcome))} |`);
}
