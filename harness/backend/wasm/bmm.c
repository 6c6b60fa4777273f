/*
 * Batched matrix product for the small attention products of a training step, compiled to
 * WebAssembly with SIMD and run on the tfjs wasm backend's own heap (it imports that memory).
 *
 * out[b, i, j] = sum over k of A(b, i, k) * B(b, k, j), with A stored [batch, M, K] or, transposed,
 * [batch, K, M], and B stored [batch, K, N] or, transposed, [batch, N, K].
 *
 * Each output is summed over k in ascending order into a float that starts at 0, one multiply and
 * one add per term (WebAssembly has no fused multiply-add), exactly as tfjs's own batched loop
 * (slow_batch_matmul in tfjs-backend-wasm) does for inner dimensions up to its block size of 48:
 * the results are bit-identical, only four outputs are computed at once.
 *
 * No globals, no stack, no calls: the module has no data of its own in the shared memory.
 * Rebuild: scripts/build-wasm-kernels.sh (clang with the wasm32 target and wasm-ld).
 */
#include <wasm_simd128.h>

__attribute__((export_name("bmm"))) void bmm(const float *a, const float *b, float *out, int batch, int M, int K, int N,
                                             int transposeA, int transposeB) {
  const int aRow = transposeA ? 1 : K;  /* step between rows i of A */
  const int aCol = transposeA ? M : 1;  /* step between columns k of A */
  const int bRow = transposeB ? 1 : N;  /* step between rows k of B */
  const int bCol = transposeB ? K : 1;  /* step between columns j of B */
  const int aSize = M * K, bSize = K * N, oSize = M * N;
  for (int n = 0; n < batch; n++) {
    const float *an = a + n * aSize;
    const float *bn = b + n * bSize;
    float *on = out + n * oSize;
    int i = 0;
    if (transposeB) {
      /* B's columns j..j+3 are strided: gather each k once and use it for four rows of A. */
      for (; i + 4 <= M; i += 4) {
        const float *a0 = an + i * aRow;
        int j = 0;
        for (; j + 4 <= N; j += 4) {
          v128_t acc0 = wasm_f32x4_splat(0.0f), acc1 = acc0, acc2 = acc0, acc3 = acc0;
          const float *b0 = bn + j * bCol;
          for (int k = 0; k < K; k++) {
            v128_t y = wasm_f32x4_make(b0[k], b0[bCol + k], b0[2 * bCol + k], b0[3 * bCol + k]);
            const float *ak = a0 + k * aCol;
            acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_f32x4_splat(ak[0]), y));
            acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(wasm_f32x4_splat(ak[aRow]), y));
            acc2 = wasm_f32x4_add(acc2, wasm_f32x4_mul(wasm_f32x4_splat(ak[2 * aRow]), y));
            acc3 = wasm_f32x4_add(acc3, wasm_f32x4_mul(wasm_f32x4_splat(ak[3 * aRow]), y));
          }
          float *o = on + i * N + j;
          wasm_v128_store(o, acc0);
          wasm_v128_store(o + N, acc1);
          wasm_v128_store(o + 2 * N, acc2);
          wasm_v128_store(o + 3 * N, acc3);
        }
        for (; j < N; j++) {
          for (int r = 0; r < 4; r++) {
            float sum = 0.0f;
            for (int k = 0; k < K; k++) sum += a0[r * aRow + k * aCol] * bn[j * bCol + k * bRow];
            on[(i + r) * N + j] = sum;
          }
        }
      }
    }
    for (; i < M; i++) {
      const float *ai = an + i * aRow;
      float *oi = on + i * N;
      int j = 0;
      if (!transposeB) {
        for (; j + 4 <= N; j += 4) {
          v128_t acc = wasm_f32x4_splat(0.0f);
          for (int k = 0; k < K; k++) {
            v128_t x = wasm_f32x4_splat(ai[k * aCol]);
            v128_t y = wasm_v128_load(bn + k * bRow + j);
            acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y));
          }
          wasm_v128_store(oi + j, acc);
        }
      } else {
        for (; j + 4 <= N; j += 4) {
          v128_t acc = wasm_f32x4_splat(0.0f);
          const float *b0 = bn + j * bCol;
          for (int k = 0; k < K; k++) {
            v128_t x = wasm_f32x4_splat(ai[k * aCol]);
            v128_t y = wasm_f32x4_make(b0[k], b0[bCol + k], b0[2 * bCol + k], b0[3 * bCol + k]);
            acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y));
          }
          wasm_v128_store(oi + j, acc);
        }
      }
      for (; j < N; j++) {
        float sum = 0.0f;
        for (int k = 0; k < K; k++) sum += ai[k * aCol] * bn[k * bRow + j * bCol];
        oi[j] = sum;
      }
    }
  }
}
