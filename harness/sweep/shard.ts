/**
 * Shards: split a sweep's jobs across CI runners. Jobs are ordered by cache key and dealt
 * round-robin, so shards 1..n partition the (deduplicated) jobs, whatever order they came in.
 */
import { trainingCodeHash } from './code-hash.ts';
import { jobKey, type Job } from './job.ts';

/** Parse `i/n` (e.g. `--shard 2/4`) into 1-based numbers; throws on anything else. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new Error(`a shard is i/n with 1 <= i <= n (e.g. 2/4), got '${text}'`);
  return { index, count };
}

/**
 * Shard `index` of `count` (1-based): the jobs at positions index-1, index-1+count, ... of the
 * key-sorted list. Jobs with the same key go to the same shard (the first of them is kept).
 * @param codeHash the code hash the keys use (default trainingCodeHash())
 */
export function shardJobs(jobs: readonly Job[], index: number, count: number, codeHash: string = trainingCodeHash()): Job[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw new Error(`shard ${index}/${count}: need integers with 1 <= index <= count`);
  }
  const byKey = new Map<string, Job>();
  for (const job of jobs) {
    const key = jobKey(job, codeHash);
    if (!byKey.has(key)) byKey.set(key, job);
  }
  const keys = [...byKey.keys()].sort();
  return keys.filter((_, position) => position % count === index - 1).map((key) => byKey.get(key)!);
}
