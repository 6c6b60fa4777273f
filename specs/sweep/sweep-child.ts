/**
 * A sweep in its own process, for the resume tests (killed with kill -9, then run again):
 * `node --import tsx specs/sweep/sweep-child.ts CACHE_DIR N_JOBS CONCURRENCY [POPULATION [mixed-budgets]]`.
 * `mixed-budgets`: seed 1 of a 10-step tiny arm and seeds 2.. of an arm of the same shape with a
 * 3,000-step budget, so that in one population the first is committed long before the others.
 * Prints the result as one JSON line.
 */
import { runSweep } from '../../harness/sweep/scheduler.ts';
import { tinyJobs } from './tiny-jobs.ts';

const [cacheDir, nJobs, concurrency, population, mode] = process.argv.slice(2);
if (!cacheDir) throw new Error('usage: sweep-child.ts CACHE_DIR N_JOBS CONCURRENCY [POPULATION [mixed-budgets]]');
const n = Number(nJobs ?? 4);
const jobs = mode === 'mixed-budgets' ? [...tinyJobs(1), ...tinyJobs(n - 1, { armName: 'tiny-long', maxSteps: 3000, firstSeed: 2 })] : tinyJobs(n);
const result = await runSweep({ jobs, concurrency: Number(concurrency ?? 1), cacheDir, codeHash: 'resume-test', population: Number(population ?? 1) });
console.log(JSON.stringify({ trained: result.trained, cached: result.cached, failed: result.failed.length, keys: result.completed.map((c) => c.key) }));
