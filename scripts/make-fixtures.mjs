#!/usr/bin/env node
// Regenerates fixtures/: small trained checkpoints with their run records and golden probe
// outputs, produced by the project's own CLI (`staircase train --probe`) on the wasm backend.
// Usage: npm run fixtures [-- NAME ...]     (about 10 minutes on one core)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each fixture: the arm file, the seed, and the verdict the probe must give it (scripts/fixtures.json). */
const FIXTURES = JSON.parse(readFileSync(path.join(root, 'scripts', 'fixtures.json'), 'utf8'));

const wanted = process.argv.slice(2);
for (const f of FIXTURES.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
  const out = path.join(root, 'fixtures', f.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.dirname(out), { recursive: true });
  console.log(`fixture ${f.name}: training ${f.arm} seed ${f.seed}`);
  execFileSync(process.execPath, [path.join(root, 'bin', 'staircase.mjs'), 'train', '--arm', f.arm, '--seed', String(f.seed), '--out', out, '--backend', 'wasm', '--quiet', '--probe'], {
    cwd: root,
    stdio: 'inherit',
  });
}

// A fixture is only useful if the probe gives it the verdict it stands for.
let bad = 0;
for (const f of FIXTURES.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
  const probe = JSON.parse(readFileSync(path.join(root, 'fixtures', f.name, 'probe.json'), 'utf8'));
  if (probe.verdict !== f.verdict) {
    console.error(`fixture ${f.name}: the probe says '${probe.verdict}', expected '${f.verdict}'; pick another seed or arm in scripts/fixtures.json`);
    bad += 1;
  } else console.log(`fixture ${f.name}: ${probe.verdict} as expected`);
}
process.exitCode = bad ? 1 : 0;
