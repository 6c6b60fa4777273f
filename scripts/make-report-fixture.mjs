#!/usr/bin/env node
// Regenerates fixtures/report/results/: the output of a real `staircase check` (results.json,
// summary.md, seeds/<key>/{summary,record,probe}.json) on the tiny claim pack fixtures/report/claims/,
// trained on the wasm backend. The dashboard, job summary and JUnit specs read it.
// Usage: npm run fixtures:report [-- --jobs N]      (4 seeds, 3-4 minutes each on an idle core; the cache makes reruns instant)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const claims = 'fixtures/report/claims';
const out = 'fixtures/report/results';
const jobs = process.argv.includes('--jobs') ? process.argv[process.argv.indexOf('--jobs') + 1] : '1';

rmSync(path.join(root, out), { recursive: true, force: true });
try {
  execFileSync(process.execPath, [path.join(root, 'bin', 'staircase.mjs'), 'check', '--claims', claims, '--tier', 'smoke', '--out', out, '--jobs', jobs, '--backend', 'wasm'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, GITHUB_ACTIONS: '' },
  });
} catch (error) {
  // Exit 1 is a failing claim (kept: the dashboard must show failures); anything else is not a fixture.
  if (error.status !== 1) throw error;
}

// The fixture is only useful when every seed the claims judged was exported.
const results = JSON.parse(readFileSync(path.join(root, out, 'results.json'), 'utf8'));
const wanted = new Set(results.claims.flatMap((c) => Object.entries(c.seeds).flatMap(([arm, seeds]) => seeds.map((s) => `${arm}/${s}`))));
const seedsDir = path.join(root, out, 'seeds');
const found = new Set(
  existsSync(seedsDir)
    ? readdirSync(seedsDir).map((key) => {
        const s = JSON.parse(readFileSync(path.join(seedsDir, key, 'summary.json'), 'utf8'));
        return `${s.arm}/${s.seed}`;
      })
    : [],
);
const missing = [...wanted].filter((k) => !found.has(k));
if (missing.length) {
  console.error(`report fixture: seeds missing from ${out}/seeds: ${missing.join(', ')}`);
  process.exitCode = 1;
} else console.log(`report fixture: ${found.size} seeds in ${out}/seeds; ${results.summary.pass} pass, ${results.summary.fail} fail, ${results.summary.inconclusive} inconclusive`);
