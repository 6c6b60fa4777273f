/*
 * The GELU of harness/model/ops.ts fused into two passes, compiled to WebAssembly with SIMD and run
 * on the tfjs wasm backend's own heap. GELU there is x * sigmoid(u) with
 *   u = (x + ((x * x) * x) * C1) * C2,   C1 = 0.044715,  C2 = 2 * sqrt(2 / pi),
 * and tfjs runs the sigmoid itself. These kernels do the rest with the same IEEE operations in the
 * same order as the unfused tfjs ops and their automatic gradient, so the bits are the same
 * (specs/model/gelu.test.ts):
 *   gelu_pre:  out = u(x)
 *   gelu_grad: out = dL/dx given dy = dL/dy and s = sigmoid(u(x)), accumulated in tfjs's tape order:
 *     ((((dy*s + dt3) + dx3*(x*x)) + dt1*x) + dt1*x), where ds = dy*x, du = ds*(s*(1-s)),
 *     dt3 = du*C2, dx3 = dt3*C1, dt1 = dx3*x.
 * No globals, no stack, no calls. Rebuild: scripts/build-wasm-kernels.sh.
 */
#include <wasm_simd128.h>

#define C1 0.044715f
#define C2 1.5957691216057308f

__attribute__((export_name("gelu_pre"))) void gelu_pre(const float *x, float *out, int n) {
  const v128_t c1 = wasm_f32x4_splat(C1), c2 = wasm_f32x4_splat(C2);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    v128_t x3 = wasm_f32x4_mul(wasm_f32x4_mul(v, v), v);
    wasm_v128_store(out + i, wasm_f32x4_mul(wasm_f32x4_add(v, wasm_f32x4_mul(x3, c1)), c2));
  }
  for (; i < n; i++) {
    float v = x[i];
    float x3 = (v * v) * v;
    out[i] = (v + x3 * C1) * C2;
  }
}

__attribute__((export_name("gelu_grad"))) void gelu_grad(const float *dy, const float *x, const float *s, float *out, int n) {
  const v128_t c1 = wasm_f32x4_splat(C1), c2 = wasm_f32x4_splat(C2), one = wasm_f32x4_splat(1.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t g = wasm_v128_load(dy + i), v = wasm_v128_load(x + i), sg = wasm_v128_load(s + i);
    v128_t du = wasm_f32x4_mul(wasm_f32x4_mul(g, v), wasm_f32x4_mul(sg, wasm_f32x4_sub(one, sg)));
    v128_t dt3 = wasm_f32x4_mul(du, c2);
    v128_t dx3 = wasm_f32x4_mul(dt3, c1);
    v128_t dt1 = wasm_f32x4_mul(dx3, v);
    v128_t acc = wasm_f32x4_add(wasm_f32x4_mul(g, sg), dt3);
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(dx3, wasm_f32x4_mul(v, v)));
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(dt1, v));
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(dt1, v));
    wasm_v128_store(out + i, acc);
  }
  for (; i < n; i++) {
    float g = dy[i], v = x[i], sg = s[i];
    float du = (g * v) * (sg * (1.0f - sg));
    float dt3 = du * C2, dx3 = dt3 * C1, dt1 = dx3 * v;
    float acc = g * sg + dt3;
    acc = acc + dx3 * (v * v);
    acc = acc + dt1 * v;
    acc = acc + dt1 * v;
    out[i] = acc;
  }
}
