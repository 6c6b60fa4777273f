/*
 * Dense matrix product for the training step's 2-D products (projections, MLP, embeddings and their
 * gradients), compiled to WebAssembly with SIMD and run on the tfjs wasm backend's own heap.
 *
 * out[M, N] = a[M, K] @ b[K, N], all row-major. Each output is summed over k in ascending order into
 * a float that starts at 0, one multiply and one add per term, which is what XNNPACK's f32 GEMM
 * (tfjs's kernel for these products) does: the results are bit-identical
 * (specs/backend/wasm-batch-matmul.test.ts). It is faster than XNNPACK here because it copies each
 * 8-column panel of b to contiguous scratch first: b's rows are 1 KiB apart for N = 256, so reading a
 * panel in place hits the same few L1 sets for every k.
 *
 * Built twice (scripts/build-wasm-kernels.sh): as `gemm`, the above; and with GEMM_FMA as `gemm_fma`,
 * each term added by a fused multiply-add (f32x4.relaxed_madd, relaxed SIMD): acc = round(acc + x * y)
 * with one rounding instead of two, 1.2-1.4x faster, no longer bit-identical to XNNPACK but to an
 * exact fused reference (specs/backend/wasm-gemm-fma.test.ts). Every output, the remainders
 * included, takes the same kind of step, so the fused product is one well-defined sum per output.
 * clang 14 knows relaxed SIMD's fused multiply-add only by its pre-standard opcode; the build script
 * rewrites it to the standard one and checks the count.
 *
 * panel: scratch of K * 8 floats owned by the caller. No globals, no stack, no calls.
 */
#include <wasm_simd128.h>

#define LD(p) wasm_v128_load(p)
#define SPLAT(p) wasm_v128_load32_splat(p)
#ifdef GEMM_FMA
typedef float f32x4 __attribute__((vector_size(16)));
/* x * y + acc, fused: emitted as the pre-standard f32x4.fma(x, y, acc), rewritten to relaxed_madd */
#define MADD(acc, x, y) acc = (v128_t)__builtin_wasm_fma_f32x4((f32x4)(x), (f32x4)(y), (f32x4)(acc))
#define GEMM_NAME "gemm_fma"
#define GEMM gemm_fma
#define GEMM_TN_NAME "gemm_tn_fma"
#define GEMM_TN gemm_tn_fma
#else
#define MADD(acc, x, y) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y))
#define GEMM_NAME "gemm"
#define GEMM gemm
#define GEMM_TN_NAME "gemm_tn"
#define GEMM_TN gemm_tn
#endif

/*
 * out[M, N] = A @ b with A's element (i, k) at a[i * ri + k * sk]: ri = K, sk = 1 for a row-major
 * a[M, K]; ri = 1, sk = M for a stored transposed, a[K, M] (the weight gradients x^T @ dy, which so
 * need no transpose first). Inlined into each export with constant strides.
 */
static inline __attribute__((always_inline)) void gemm_strided(const float *a, const float *b, float *out, int M, int K, int N, float *panel, int ri, int sk) {
  int j = 0;
  for (; j + 8 <= N; j += 8) {
    for (int k = 0; k < K; k++) {
      wasm_v128_store(panel + 8 * k, LD(b + k * N + j));
      wasm_v128_store(panel + 8 * k + 4, LD(b + k * N + j + 4));
    }
    int i = 0;
    for (; i + 4 <= M; i += 4) { /* 4 x 8 outputs: 8 accumulators, 11 vector registers in all */
      v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      const float *a0 = a + i * ri, *a1 = a0 + ri, *a2 = a1 + ri, *a3 = a2 + ri;
      const float *p = panel;
      for (int k = 0; k < K; k++, p += 8) {
        v128_t y0 = LD(p), y1 = LD(p + 4), x;
        x = SPLAT(a0 + k * sk); MADD(c00, x, y0); MADD(c01, x, y1);
        x = SPLAT(a1 + k * sk); MADD(c10, x, y0); MADD(c11, x, y1);
        x = SPLAT(a2 + k * sk); MADD(c20, x, y0); MADD(c21, x, y1);
        x = SPLAT(a3 + k * sk); MADD(c30, x, y0); MADD(c31, x, y1);
      }
      float *o = out + i * N + j;
      wasm_v128_store(o, c00); wasm_v128_store(o + 4, c01); o += N;
      wasm_v128_store(o, c10); wasm_v128_store(o + 4, c11); o += N;
      wasm_v128_store(o, c20); wasm_v128_store(o + 4, c21); o += N;
      wasm_v128_store(o, c30); wasm_v128_store(o + 4, c31);
    }
    for (; i < M; i++) {
      v128_t c0 = wasm_f32x4_splat(0.0f), c1 = c0;
      const float *ai = a + i * ri, *p = panel;
      for (int k = 0; k < K; k++, p += 8) {
        v128_t x = SPLAT(ai + k * sk);
        MADD(c0, x, LD(p)); MADD(c1, x, LD(p + 4));
      }
      wasm_v128_store(out + i * N + j, c0); wasm_v128_store(out + i * N + j + 4, c1);
    }
  }
  for (; j + 4 <= N; j += 4) { /* a block of 4 columns, read in place */
    for (int i = 0; i < M; i++) {
      v128_t c = wasm_f32x4_splat(0.0f);
      const float *ai = a + i * ri;
      for (int k = 0; k < K; k++) MADD(c, SPLAT(ai + k * sk), LD(b + k * N + j));
      wasm_v128_store(out + i * N + j, c);
    }
  }
  for (; j < N; j++) { /* the last 1-3 columns: four rows at once across the lanes */
    int i = 0;
    for (; i + 4 <= M; i += 4) {
      v128_t c = wasm_f32x4_splat(0.0f);
      const float *a0 = a + i * ri;
      for (int k = 0; k < K; k++) MADD(c, wasm_f32x4_make(a0[k * sk], a0[ri + k * sk], a0[2 * ri + k * sk], a0[3 * ri + k * sk]), SPLAT(b + k * N + j));
      out[i * N + j] = wasm_f32x4_extract_lane(c, 0);
      out[(i + 1) * N + j] = wasm_f32x4_extract_lane(c, 1);
      out[(i + 2) * N + j] = wasm_f32x4_extract_lane(c, 2);
      out[(i + 3) * N + j] = wasm_f32x4_extract_lane(c, 3);
    }
    for (; i < M; i++) { /* the last 1-3 rows: one lane */
      v128_t c = wasm_f32x4_splat(0.0f);
      for (int k = 0; k < K; k++) MADD(c, SPLAT(a + i * ri + k * sk), SPLAT(b + k * N + j));
      out[i * N + j] = wasm_f32x4_extract_lane(c, 0);
    }
  }
}

/* out[M, N] = a[M, K] @ b[K, N] */
__attribute__((export_name(GEMM_NAME))) void GEMM(const float *a, const float *b, float *out, int M, int K, int N, float *panel) {
  gemm_strided(a, b, out, M, K, N, panel, K, 1);
}

/* out[M, N] = a^T @ b for a stored [K, M]: the same sums as transposing a first */
__attribute__((export_name(GEMM_TN_NAME))) void GEMM_TN(const float *a, const float *b, float *out, int M, int K, int N, float *panel) {
  gemm_strided(a, b, out, M, K, N, panel, 1, M);
}
