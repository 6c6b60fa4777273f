/** The seed sweep: jobs and keys, the code hash, the cache, workers and scheduling, progress, shards. */
export { BACKEND_REQUESTS, canonicalJson, DEFAULT_BACKEND, jobKey, makeJobs, readJobFile, type BackendChoice, type Job, type JobFile } from './job.ts';
export { clearCodeHashMemo, HASHED_PATHS, hashedFiles, LOCK_ENTRY, tensorflowLockVersions, trainingCodeHash } from './code-hash.ts';
export { commitJobDir, DEFAULT_CACHE_DIR, ensureCacheDir, JOB_FILES, jobDir, readCachedSummary, removeStaleTemporaries, resolveCacheDir, tmpJobDir } from './cache.ts';
export { runSweep, sweepExitCode, WORKER_BIN, type FailedJob, type JobOutcome, type KeyedJob, type NextRound, type SweepEvent, type SweepOptions, type SweepResult } from './scheduler.ts';
export { createProgress, etaSeconds, formatDuration, jobLine, makeSweepReporter, renderProgress, trackProgress, type ArmProgress, type SweepProgress, type SweepReporter } from './progress.ts';
export { parseShard, shardJobs } from './shard.ts';
