#!/usr/bin/env node
// Regenerates docs/probe-ground-truth.md: the probe run on every ground-truth model (harness/ground-truth).
// Usage: npm run ground-truth   (about a minute on one core)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { initBackend } = await import('../harness/backend/select.ts');
const { groundTruthReport } = await import('../harness/ground-truth/report.ts');
await initBackend('wasm');
const file = path.join(root, 'docs', 'probe-ground-truth.md');
writeFileSync(file, await groundTruthReport());
console.log(`wrote ${path.relative(root, file)}`);
