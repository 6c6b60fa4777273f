/*
 * The LayerNorm of harness/model/ops.ts fused into one forward and one backward pass over the rows
 * of x [n, d], compiled to WebAssembly with SIMD and run on the tfjs wasm backend's own heap. They
 * do the same IEEE operations in the same order as the reference ops in harness/model/fused.ts on
 * tfjs's wasm kernels, so the bits are the same (specs/model/layernorm.test.ts):
 *   - tfjs's Mean sums a row in ascending order into a float that starts at 0 and divides by d;
 *   - its Rsqrt is 1 / sqrt(v) in float;
 *   - dg and db are sumRows(dy * xhat) and sumRows(dy) there: a product with a column of ones on
 *     gemm.c (or XNNPACK), which sums each column over the rows in ascending order from 0.
 * ln_fwd:  mu = mean(x), xc = x - mu, rstd = 1 / sqrt(mean(xc * xc) + eps), xhat = xc * rstd,
 *          y = xhat * g + b.
 * ln_grad: dxhat = dy * g, dx = ((dxhat - mean(dxhat)) - xhat * mean(dxhat * xhat)) * rstd,
 *          dg = sum over rows of dy * xhat, db = sum over rows of dy.
 * No globals, no stack, no calls (sqrt is the f32.sqrt instruction). Rebuild: scripts/build-wasm-kernels.sh.
 */

__attribute__((export_name("ln_fwd"))) void ln_fwd(const float *x, const float *g, const float *b, float *y, float *xhat, float *rstd, int n, int d, float eps) {
  const float fd = (float)d;
  for (int r = 0; r < n; r++, x += d, y += d, xhat += d) {
    float s = 0.0f;
    for (int c = 0; c < d; c++) s += x[c];
    const float mu = s / fd;
    float q = 0.0f;
    for (int c = 0; c < d; c++) {
      const float xc = x[c] - mu;
      q += xc * xc;
    }
    const float rs = 1.0f / __builtin_sqrtf(q / fd + eps);
    rstd[r] = rs;
    for (int c = 0; c < d; c++) {
      const float xh = (x[c] - mu) * rs;
      xhat[c] = xh;
      y[c] = xh * g[c] + b[c];
    }
  }
}

__attribute__((export_name("ln_grad"))) void ln_grad(const float *dy, const float *xhat, const float *rstd, const float *g, float *dx, float *dg, float *db, int n, int d) {
  const float fd = (float)d;
  for (int c = 0; c < d; c++) dg[c] = db[c] = 0.0f;
  for (int r = 0; r < n; r++, dy += d, xhat += d, dx += d) {
    float s1 = 0.0f, s2 = 0.0f;
    for (int c = 0; c < d; c++) s1 += dy[c] * g[c];
    for (int c = 0; c < d; c++) s2 += (dy[c] * g[c]) * xhat[c];
    const float m1 = s1 / fd, m2 = s2 / fd, rs = rstd[r];
    for (int c = 0; c < d; c++) {
      dx[c] = ((dy[c] * g[c] - m1) - xhat[c] * m2) * rs;
      dg[c] = dg[c] + dy[c] * xhat[c];
      db[c] = db[c] + dy[c];
    }
  }
}
