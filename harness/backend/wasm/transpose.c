/*
 * Transposes for the wasm backend, on the tfjs heap (like bmm.c): pure data movement, so the
 * results are the elements tfjs's own Transpose kernel writes, in the same places.
 *
 * transpose2d: batch x [R, C] -> batch x [C, R], in 4 x 4 SIMD blocks inside 32 x 32 tiles.
 * swap12:      [A, B, C, D] -> [A, C, B, D], moving runs of D contiguous floats.
 * copy_rows:   rows x [cols] -> the same rows, outStride floats apart (one input of a Concat along
 *              an inner axis: the backward pass of the attention's q, k, v split).
 */
#include <wasm_simd128.h>

#define TILE 32

__attribute__((export_name("transpose2d"))) void transpose2d(const float *in, float *out, int batch, int R, int C) {
  for (int n = 0; n < batch; n++) {
    const float *x = in + n * R * C;
    float *y = out + n * R * C;
    for (int r0 = 0; r0 < R; r0 += TILE) {
      const int r1 = r0 + TILE < R ? r0 + TILE : R;
      for (int c0 = 0; c0 < C; c0 += TILE) {
        const int c1 = c0 + TILE < C ? c0 + TILE : C;
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
          int c = c0;
          for (; c + 4 <= c1; c += 4) {
            v128_t a = wasm_v128_load(x + r * C + c);
            v128_t b = wasm_v128_load(x + (r + 1) * C + c);
            v128_t e = wasm_v128_load(x + (r + 2) * C + c);
            v128_t d = wasm_v128_load(x + (r + 3) * C + c);
            v128_t t0 = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5);
            v128_t t1 = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);
            v128_t t2 = wasm_i32x4_shuffle(e, d, 0, 4, 1, 5);
            v128_t t3 = wasm_i32x4_shuffle(e, d, 2, 6, 3, 7);
            wasm_v128_store(y + c * R + r, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
            wasm_v128_store(y + (c + 1) * R + r, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
            wasm_v128_store(y + (c + 2) * R + r, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
            wasm_v128_store(y + (c + 3) * R + r, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
          }
          for (; c < c1; c++) {
            for (int k = 0; k < 4; k++) y[c * R + r + k] = x[(r + k) * C + c];
          }
        }
        for (; r < r1; r++) {
          for (int c = c0; c < c1; c++) y[c * R + r] = x[r * C + c];
        }
      }
    }
  }
}

__attribute__((export_name("swap12"))) void swap12(const float *in, float *out, int A, int B, int C, int D) {
  for (int a = 0; a < A; a++) {
    const float *x = in + a * B * C * D;
    float *y = out + a * B * C * D;
    for (int b = 0; b < B; b++) {
      for (int c = 0; c < C; c++) {
        const float *src = x + (b * C + c) * D;
        float *dst = y + (c * B + b) * D;
        int i = 0;
        for (; i + 4 <= D; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
        for (; i < D; i++) dst[i] = src[i];
      }
    }
  }
}

__attribute__((export_name("copy_rows"))) void copy_rows(const float *in, float *out, int rows, int cols, int outStride) {
  for (int r = 0; r < rows; r++, in += cols, out += outStride) {
    int i = 0;
    for (; i + 4 <= cols; i += 4) wasm_v128_store(out + i, wasm_v128_load(in + i));
    for (; i < cols; i++) out[i] = in[i];
  }
}
