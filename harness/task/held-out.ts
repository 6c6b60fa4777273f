/**
 * The held-out problems of a seed: a fixed, seeded set at every length k >= 2 that training never
 * samples, decided one problem at a time by a hash, so it works at any K without enumerating:
 *
 *   a problem of length k >= 2 is held out  iff  hash(evalStreamSeed, problemKey) / 2^32 < fraction
 *
 * hash(seed, key) = fmix32(FNV-1a(key) with offset basis 2166136261 XOR seed), fmix32 being
 * MurmurHash3's finaliser; problemKey is `e0:g1,g2,...` (sampler.ts). Length-1 problems (the |G|^2
 * entries of the group table, which any algorithm must see) are never held out.
 *
 * A length whose whole space (|G|^(k+1) problems) is at most COUNT_LIMIT is counted. In a tiny space
 * (the binary task: 8 problems at k = 2) the rule may select none or all of a length; then the
 * problem with the lowest hash is held out (none selected) or the one with the highest hash trains
 * (all selected), and `adjusted` says so, so every k >= 2 has held-out and training problems.
 */
import type { Group } from './group.ts';
import { prefixProducts } from './group.ts';
import type { Problem } from './sampler.ts';
import { type Rng, streamSeed } from '../util/prng.ts';

/** Lengths whose space holds more problems than this are not counted (their count is null). */
export const COUNT_LIMIT = 2 ** 22;
/** The stream whose 32-bit seed keys the hash (the evaluation set is drawn from the same stream). */
export const HELD_OUT_STREAM = 'eval';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** MurmurHash3's 32-bit finaliser (a bijection that mixes every input bit into every output bit). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a state after `text`, continuing from `h`. */
function fnvContinue(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The uint32 hash of a problem key under a stream seed. */
export function heldOutHash(seed: number, key: string): number {
  return fmix32(fnvContinue((FNV_OFFSET ^ seed) >>> 0, key));
}

/** A length where the hash rule alone would leave no held-out or no training problem. */
export interface HeldOutAdjustment {
  k: number;
  /** `lowest-hash-held-out`: the rule selected none; `highest-hash-trains`: it selected all. */
  rule: 'lowest-hash-held-out' | 'highest-hash-trains';
  /** The problem moved (its key). */
  key: string;
}

export type Side = 'held-out' | 'train';

export interface HeldOutSet {
  readonly group: Group;
  readonly K: number;
  readonly fraction: number;
  /** Seed of the `eval` stream: the key of the hash. */
  readonly streamSeed: number;
  /** spaceByK[k-1] = |G|^(k+1): all problems of length k. */
  readonly spaceByK: readonly number[];
  /** countByK[k-1]: held-out problems of length k in the whole space (null: space > COUNT_LIMIT). */
  readonly countByK: readonly (number | null)[];
  readonly adjusted: readonly HeldOutAdjustment[];
  /** Is problem (e0; g1..gk) held out? */
  has(e0: number, gs: readonly number[]): boolean;
}

export const keyOf = (e0: number, gs: readonly number[]): string => `${e0}:${gs.join(',')}`;

/**
 * Visit every problem of length k in lexicographic order of (e0, g1..gk) with its key's hash,
 * hashing incrementally along the key (no key string is built).
 */
function forEachProblem(group: Group, k: number, seed: number, visit: (e0: number, gs: readonly number[], hash: number) => void): void {
  const n = group.names.length;
  const first = Array.from({ length: n }, (_, x) => `${x}`);
  const next = Array.from({ length: n }, (_, x) => `,${x}`);
  const gs = new Array<number>(k).fill(0);
  let e0 = 0;
  const walk = (depth: number, h: number): void => {
    if (depth === k) {
      visit(e0, gs, fmix32(h));
      return;
    }
    const parts = depth === 0 ? first : next;
    for (let g = 0; g < n; g++) {
      gs[depth] = g;
      walk(depth + 1, fnvContinue(h, parts[g]!));
    }
  };
  for (e0 = 0; e0 < n; e0++) walk(0, fnvContinue((FNV_OFFSET ^ seed) >>> 0, `${e0}:`));
}

/**
 * The held-out set of a run: the one definition used by training, evaluation and the probe.
 * @param runSeed the run seed (the hash is keyed by its `eval` stream's seed)
 * @param fraction the arm's heldOutFraction, in (0, 0.5]
 */
export function heldOutSet(group: Group, K: number, runSeed: number, fraction: number): HeldOutSet {
  if (!(fraction > 0 && fraction <= 0.5)) throw new Error(`heldOutSet: fraction must be in (0, 0.5], got ${fraction}`);
  if (!Number.isInteger(K) || K < 1) throw new Error(`heldOutSet: K must be an integer >= 1, got ${K}`);
  const seed = streamSeed(runSeed, HELD_OUT_STREAM);
  const n = group.names.length;
  const spaceByK = Array.from({ length: K }, (_, i) => n ** (i + 2));
  const countByK: (number | null)[] = [0];
  const adjusted: HeldOutAdjustment[] = [];
  const forcedIn = new Map<number, string>();
  const forcedOut = new Map<number, string>();
  for (let k = 2; k <= K; k++) {
    const space = spaceByK[k - 1]!;
    if (space > COUNT_LIMIT) {
      countByK.push(null);
      continue;
    }
    let count = 0;
    let lowest = { hash: Infinity, key: '' };
    let highest = { hash: -1, key: '' };
    forEachProblem(group, k, seed, (e0, gs, hash) => {
      if (hash / 2 ** 32 < fraction) count++;
      if (hash < lowest.hash) lowest = { hash, key: keyOf(e0, gs) };
      if (hash > highest.hash) highest = { hash, key: keyOf(e0, gs) };
    });
    if (count === 0) {
      forcedIn.set(k, lowest.key);
      adjusted.push({ k, rule: 'lowest-hash-held-out', key: lowest.key });
      count = 1;
    } else if (count === space) {
      forcedOut.set(k, highest.key);
      adjusted.push({ k, rule: 'highest-hash-trains', key: highest.key });
      count = space - 1;
    }
    countByK.push(count);
  }
  const has = (e0: number, gs: readonly number[]): boolean => {
    const k = gs.length;
    if (k < 2) return false;
    const key = keyOf(e0, gs);
    if (forcedIn.get(k) === key) return true;
    if (forcedOut.get(k) === key) return false;
    return heldOutHash(seed, key) / 2 ** 32 < fraction;
  };
  return { group, K, fraction, streamSeed: seed, spaceByK, countByK, adjusted, has };
}

/** Problems of length k on one side of the set in the whole space (null: not counted). */
export function sideCount(set: HeldOutSet, k: number, side: Side): number | null {
  const heldOut = set.countByK[k - 1];
  if (heldOut === undefined) throw new Error(`sideCount: k = ${k} is outside 1..${set.K}`);
  if (heldOut === null) return null;
  return side === 'held-out' ? heldOut : set.spaceByK[k - 1]! - heldOut;
}

function problemOf(group: Group, e0: number, gs: readonly number[]): Problem {
  const intermediates = prefixProducts(group, e0, gs);
  return { e0, gs: [...gs], intermediates, answer: intermediates[gs.length - 1]! };
}

/** Every problem of length k on `side`, in lexicographic order of (e0, g1..gk). */
export function enumerateSide(set: HeldOutSet, k: number, side: Side): Problem[] {
  if (set.spaceByK[k - 1]! > COUNT_LIMIT) throw new Error(`enumerateSide: length ${k} has ${set.spaceByK[k - 1]} problems, more than ${COUNT_LIMIT}`);
  const out: Problem[] = [];
  forEachProblem(set.group, k, set.streamSeed, (e0, gs) => {
    if (set.has(e0, gs) === (side === 'held-out')) out.push(problemOf(set.group, e0, gs));
  });
  return out;
}

/**
 * `n` problems of length k on `side`: all of them, enumerated, when the side has at most n;
 * otherwise n distinct problems drawn from `rng` by rejection (draw uniformly, keep those on the side).
 */
export function sampleSide(set: HeldOutSet, k: number, side: Side, n: number, rng: Rng): Problem[] {
  const count = sideCount(set, k, side);
  if (count !== null && count <= n) return enumerateSide(set, k, side);
  const size = set.group.names.length;
  const seen = new Set<string>();
  const out: Problem[] = [];
  const maxDraws = 1000 * n + 100_000;
  for (let draws = 0; out.length < n; draws++) {
    if (draws >= maxDraws) throw new Error(`sampleSide: ${maxDraws} draws gave only ${out.length} of ${n} distinct ${side} problems of length ${k} (fraction ${set.fraction})`);
    const e0 = rng.int(size);
    const gs = Array.from({ length: k }, () => rng.int(size));
    const key = keyOf(e0, gs);
    if (set.has(e0, gs) !== (side === 'held-out') || seen.has(key)) continue;
    seen.add(key);
    out.push(problemOf(set.group, e0, gs));
  }
  return out;
}
