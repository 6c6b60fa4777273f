#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so the code that trains is the code the cache key hashes.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli.ts');
process.exitCode = await main(process.argv.slice(2));
