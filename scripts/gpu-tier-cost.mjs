#!/usr/bin/env node
// What the full tier of the claim pack would cost on the machine a bench JSON was taken on (one
// GPU): `node scripts/gpu-tier-cost.mjs BENCH.json`. Reads the best population's seeds/hour per
// backend (bench "populations"), the full tier's round-1 seeds from `staircase plan`, and its
// maxSeeds / seeds from specs/claims/_tiers.yaml. Every seed is costed at the bench size's budget
// (full: 10,000 steps + an evaluation every 100): curricula's extra full-sequence steps and the
// binary arms' other shapes are not modelled, so read it as the order of magnitude.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/gpu-tier-cost.mjs BENCH.json');
  process.exit(2);
}
const bench = JSON.parse(readFileSync(file, 'utf8'));
const rates = (bench.populations ?? []).filter((r) => r.trainer === 'staircase');
if (!rates.length) {
  console.error(`${file}: no population figures (bench.populations is empty): run the bench without --no-populations`);
  process.exit(2);
}
const plan = JSON.parse(execFileSync(process.execPath, [path.join(root, 'bin', 'staircase.mjs'), 'plan', '--shards', '1', '--tier', 'full'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const round1 = plan.include.reduce((a, s) => a + s.jobs, 0);
const tier = YAML.parse(readFileSync(path.join(root, 'specs', 'claims', '_tiers.yaml'), 'utf8')).tiers.full;
const most = Math.round((round1 * tier.maxSeeds) / tier.seeds);
const hours = (seeds, perHour) => seeds / perHour;
const fmt = (h) => (h < 1 ? `${(h * 60).toFixed(0)} min` : `${h.toFixed(1)} h`);
console.log(`full tier: ${round1} seeds in round 1, at most ${most} (${tier.seeds}..${tier.maxSeeds} per arm)`);
for (const group of [...new Set(rates.map((r) => `${r.backend}\t${r.size}`))]) {
  const [backend, size] = group.split('\t');
  const own = rates.filter((r) => r.backend === backend && r.size === size);
  const best = own.reduce((a, b) => (b.seedsPerHourAtBudget > a.seedsPerHourAtBudget ? b : a));
  const one = own.find((r) => r.population === 1);
  const where = `${backend}${best.adapter ? ` (${best.adapter})` : ''} ${best.size} ${best.model}, ${best.processes} process${best.processes === 1 ? '' : 'es'}`;
  console.log(`${where}: best P = ${best.population}, ${best.seedsPerHourAtBudget.toFixed(1)} seeds/hour at a ${best.budgetSteps}-step budget (${best.vsOneSeed.toFixed(2)}x P = 1${one ? `: ${one.seedsPerHourAtBudget.toFixed(1)} seeds/hour` : ''})`);
  if (size !== 'full') console.log(`  (the ${size} size: the full tier's cost is not projected from it)`);
  else console.log(`  the full tier on this machine: round 1 ${fmt(hours(round1, best.seedsPerHourAtBudget))}, at most ${fmt(hours(most, best.seedsPerHourAtBudget))}${one ? `; one seed per process: ${fmt(hours(round1, one.seedsPerHourAtBudget))} .. ${fmt(hours(most, one.seedsPerHourAtBudget))}` : ''}`);
}
