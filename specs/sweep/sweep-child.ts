/**
 * A sweep in its own process, for the resume test (killed with kill -9, then run again):
 * `node --import tsx specs/sweep/sweep-child.ts CACHE_DIR N_JOBS CONCURRENCY`.
 * Prints the result as one JSON line.
 */
import { runSweep } from '../../harness/sweep/scheduler.ts';
import { tinyJobs } from './tiny-jobs.ts';

const [cacheDir, nJobs, concurrency] = process.argv.slice(2);
if (!cacheDir) throw new Error('usage: sweep-child.ts CACHE_DIR N_JOBS CONCURRENCY');
const result = await runSweep({ jobs: tinyJobs(Number(nJobs ?? 4)), concurrency: Number(concurrency ?? 1), cacheDir, codeHash: 'resume-test' });
console.log(JSON.stringify({ trained: result.trained, cached: result.cached, failed: result.failed.length, keys: result.completed.map((c) => c.key) }));
