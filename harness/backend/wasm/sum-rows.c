/*
 * Column sums for the wasm backend, on the tfjs heap: out[c] = sum over rows r of x[r, c], each
 * summed over r in ascending order into a float that starts at 0. That is what the model's
 * reference sumRows (harness/model/fused.ts: x^T @ ones[N, 1] on gemm.c or XNNPACK, which add
 * x[r, c] * 1 = x[r, c] in that order) computes, so the bits are the same
 * (specs/model/sum-rows.test.ts), without transposing x. Used for every bias gradient.
 * No globals, no stack, no calls. Rebuild: scripts/build-wasm-kernels.sh.
 */
#include <wasm_simd128.h>

__attribute__((export_name("sum_rows"))) void sum_rows(const float *x, float *out, int n, int c) {
  int j = 0;
  for (; j + 8 <= c; j += 8) {
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0;
    const float *p = x + j;
    for (int r = 0; r < n; r++, p += c) {
      s0 = wasm_f32x4_add(s0, wasm_v128_load(p));
      s1 = wasm_f32x4_add(s1, wasm_v128_load(p + 4));
    }
    wasm_v128_store(out + j, s0);
    wasm_v128_store(out + j + 4, s1);
  }
  for (; j < c; j++) {
    float s = 0.0f;
    for (int r = 0; r < n; r++) s += x[r * c + j];
    out[j] = s;
  }
}
