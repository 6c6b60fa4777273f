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
 * Blocking: the 8-column part of out is computed in blocks of kcMax terms (b's rows k0..k0+kc, packed
 * once per block into contiguous kc x 8 panels, which stay in L1/L2) and, within a block, MC rows of a
 * at a time, which stay in L2 while every panel runs over them; a partial sum goes through out between
 * blocks of terms, a float stored and read back, so each output is still one sum from 0 in ascending
 * k, one term at a time: the same bits as without blocks. It keeps the products fast when the shared
 * L3 is busy (without it, all of a was read again from L3 for each 8-column panel) and for the weight
 * gradients' long sums (K = B*T terms, whose unblocked panel outgrew L1).
 *
 * panel: scratch of min(K, kcMax) * (N rounded down to 8) floats owned by the caller. No globals, no
 * stack, no calls.
 */
#include <wasm_simd128.h>

/* rows of a per block, a multiple of 4 */
#define MC 64

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
static inline __attribute__((always_inline)) void gemm_strided(const float *a, const float *b, float *out, int M, int K, int N, float *panel, int kcMax, int ri, int sk) {
  /* the 8-column part, in blocks (see the top): 4 x 8 tiles, then the last 1-3 rows of each block */
  int N8 = N & ~7;
  if (kcMax < 1) kcMax = K; /* no blocks of terms rather than a loop that never ends */
  for (int k0 = 0; k0 < K; k0 += kcMax) {
    int kc = K - k0 < kcMax ? K - k0 : kcMax;
    int first = k0 == 0;
    for (int jj = 0; jj < N8; jj += 8) {
      float *pp = panel + jj * kc;
      for (int k = 0; k < kc; k++) {
        wasm_v128_store(pp + 8 * k, LD(b + (k0 + k) * N + jj));
        wasm_v128_store(pp + 8 * k + 4, LD(b + (k0 + k) * N + jj + 4));
      }
    }
    for (int i0 = 0; i0 < M; i0 += MC) {
      int iend = M - i0 < MC ? M : i0 + MC;
      for (int jj = 0; jj < N8; jj += 8) {
        const float *pan = panel + jj * kc;
        int i = i0;
        for (; i + 4 <= iend; i += 4) { /* 4 x 8 outputs: 8 accumulators, 11 vector registers in all */
          float *o = out + i * N + jj;
          v128_t c00, c01, c10, c11, c20, c21, c30, c31;
          if (first) { c00 = wasm_f32x4_splat(0.0f); c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00; }
          else { c00 = LD(o); c01 = LD(o + 4); c10 = LD(o + N); c11 = LD(o + N + 4); c20 = LD(o + 2 * N); c21 = LD(o + 2 * N + 4); c30 = LD(o + 3 * N); c31 = LD(o + 3 * N + 4); }
          const float *a0 = a + i * ri + k0 * sk, *a1 = a0 + ri, *a2 = a1 + ri, *a3 = a2 + ri;
          const float *p = pan;
          for (int k = 0; k < kc; k++, p += 8) {
            v128_t y0 = LD(p), y1 = LD(p + 4), x;
            x = SPLAT(a0 + k * sk); MADD(c00, x, y0); MADD(c01, x, y1);
            x = SPLAT(a1 + k * sk); MADD(c10, x, y0); MADD(c11, x, y1);
            x = SPLAT(a2 + k * sk); MADD(c20, x, y0); MADD(c21, x, y1);
            x = SPLAT(a3 + k * sk); MADD(c30, x, y0); MADD(c31, x, y1);
          }
          wasm_v128_store(o, c00); wasm_v128_store(o + 4, c01); o += N;
          wasm_v128_store(o, c10); wasm_v128_store(o + 4, c11); o += N;
          wasm_v128_store(o, c20); wasm_v128_store(o + 4, c21); o += N;
          wasm_v128_store(o, c30); wasm_v128_store(o + 4, c31);
        }
        for (; i < iend; i++) {
          float *o = out + i * N + jj;
          v128_t c0 = first ? wasm_f32x4_splat(0.0f) : LD(o), c1 = first ? c0 : LD(o + 4);
          const float *ai = a + i * ri + k0 * sk, *p = pan;
          for (int k = 0; k < kc; k++, p += 8) {
            v128_t x = SPLAT(ai + k * sk);
            MADD(c0, x, LD(p)); MADD(c1, x, LD(p + 4));
          }
          wasm_v128_store(o, c0); wasm_v128_store(o + 4, c1);
        }
      }
    }
  }
  int j = N8;
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
__attribute__((export_name(GEMM_NAME))) void GEMM(const float *a, const float *b, float *out, int M, int K, int N, float *panel, int kcMax) {
  gemm_strided(a, b, out, M, K, N, panel, kcMax, K, 1);
}

/* out[M, N] = a^T @ b for a stored [K, M]: the same sums as transposing a first */
__attribute__((export_name(GEMM_TN_NAME))) void GEMM_TN(const float *a, const float *b, float *out, int M, int K, int N, float *panel, int kcMax) {
  gemm_strided(a, b, out, M, K, N, panel, kcMax, 1, M);
}
