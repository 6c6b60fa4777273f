/** Exactly rounded fused multiply-add sums, the reference for the wasm fused-product kernels. */

/**
 * float32 fma(x, y, acc), rounded once. x * y is exact in a double (24 + 24 bits); the double sum
 * s = x * y + acc may round, and rounding s again to float32 is then wrong only when s lands exactly
 * halfway between two floats while the exact sum lies off it: the sum's error (two-sum) says which side.
 */
export function fma32(x: number, y: number, acc: number): number {
  const p = x * y;
  const s = p + acc;
  const v = s - p;
  const err = p - (s - v) + (acc - v);
  const r = Math.fround(s);
  if (err === 0 || r === s) return r;
  const other = Math.fround(2 * s - r); // the float on s's other side, if s is halfway
  if (other === r || Math.abs(other - s) !== Math.abs(s - r)) return r;
  return (err > 0) === (other > r) ? other : r;
}

/** a[M, K] @ b[K, N], each output summed over k ascending from 0 by fused multiply-adds. */
export function fusedReference(a: Float32Array, b: Float32Array, M: number, K: number, N: number): Float32Array {
  const out = new Float32Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let acc = 0;
      for (let k = 0; k < K; k++) acc = fma32(a[i * K + k]!, b[k * N + j]!, acc);
      out[i * N + j] = acc;
    }
  }
  return out;
}
