/** Seeded test data and bit-level comparison for the specs that require a kernel to give tfjs's exact bits. */
import type * as tf from '@tensorflow/tfjs-core';

/**
 * n seeded values spread over [-span / 2, span / 2), with special(i) (zeros, negative zeros, tiny or
 * huge values) in place of the i-th value where it returns a number.
 */
export function seededValues(n: number, seed: number, span: number, special: (i: number) => number | undefined = () => undefined): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = special(i) ?? (s / 2 ** 32) * span - span / 2;
  }
  return out;
}

/** A float32 tensor's values as their bit patterns (so -0 differs from 0, and NaN from itself never). */
export const bits = (t: tf.Tensor) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer);

/** Where two runs' bits first differ ('' when they agree everywhere): a short failure, not a 200k-element diff. */
export function firstDifference(a: Record<string, Uint32Array>, b: Record<string, Uint32Array>): string {
  for (const key of Object.keys(a)) {
    const [u, v] = [a[key]!, b[key]!];
    if (u.length !== v.length) return `${key}: ${u.length} against ${v.length} values`;
    for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return `${key}[${i}]: bits ${u[i]} against ${v[i]}`;
  }
  return '';
}
