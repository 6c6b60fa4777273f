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
 * A row's sums are chains of dependent adds that cannot be reordered (the bits), so the kernels run
 * R rows at a time, one chain per row side by side, instead of waiting on one chain.
 * No globals, no stack, no calls (sqrt is the f32.sqrt instruction). Rebuild: scripts/build-wasm-kernels.sh.
 */

#define R 4

/* Rows [r0, r0 + rows) of ln_fwd, rows R or 1 (a constant, so the per-row sums stay in registers); x, y and xhat point at row r0. */
static inline __attribute__((always_inline)) void fwd_rows(const float *x, const float *g, const float *b, float *y, float *xhat, float *rstd, int rows, int d, float eps) {
  const float fd = (float)d;
  float mu[R], rs[R];
  for (int j = 0; j < rows; j++) mu[j] = 0.0f;
  for (int c = 0; c < d; c++)
    for (int j = 0; j < rows; j++) mu[j] += x[j * d + c];
  for (int j = 0; j < rows; j++) mu[j] = mu[j] / fd;
  for (int j = 0; j < rows; j++) rs[j] = 0.0f;
  for (int c = 0; c < d; c++)
    for (int j = 0; j < rows; j++) {
      const float xc = x[j * d + c] - mu[j];
      rs[j] += xc * xc;
    }
  for (int j = 0; j < rows; j++) {
    rs[j] = 1.0f / __builtin_sqrtf(rs[j] / fd + eps);
    rstd[j] = rs[j];
    for (int c = 0; c < d; c++) {
      const float xh = (x[j * d + c] - mu[j]) * rs[j];
      xhat[j * d + c] = xh;
      y[j * d + c] = xh * g[c] + b[c];
    }
  }
}

__attribute__((export_name("ln_fwd"))) void ln_fwd(const float *x, const float *g, const float *b, float *y, float *xhat, float *rstd, int n, int d, float eps) {
  int r = 0;
  for (; r + R <= n; r += R) fwd_rows(x + r * d, g, b, y + r * d, xhat + r * d, rstd + r, R, d, eps);
  for (; r < n; r++) fwd_rows(x + r * d, g, b, y + r * d, xhat + r * d, rstd + r, 1, d, eps);
}

/* Rows [r0, r0 + rows) of ln_grad's dx, rows R or 1; dy, xhat and dx point at row r0. */
static inline __attribute__((always_inline)) void grad_rows(const float *dy, const float *xhat, const float *rstd, const float *g, float *dx, int rows, int d) {
  const float fd = (float)d;
  float m1[R], m2[R];
  for (int j = 0; j < rows; j++) m1[j] = m2[j] = 0.0f;
  for (int c = 0; c < d; c++)
    for (int j = 0; j < rows; j++) {
      const float dxh = dy[j * d + c] * g[c];
      m1[j] += dxh;
      m2[j] += dxh * xhat[j * d + c];
    }
  for (int j = 0; j < rows; j++) {
    m1[j] = m1[j] / fd;
    m2[j] = m2[j] / fd;
    for (int c = 0; c < d; c++) dx[j * d + c] = ((dy[j * d + c] * g[c] - m1[j]) - xhat[j * d + c] * m2[j]) * rstd[j];
  }
}

__attribute__((export_name("ln_grad"))) void ln_grad(const float *dy, const float *xhat, const float *rstd, const float *g, float *dx, float *dg, float *db, int n, int d) {
  int r = 0;
  for (; r + R <= n; r += R) grad_rows(dy + r * d, xhat + r * d, rstd + r, g, dx + r * d, R, d);
  for (; r < n; r++) grad_rows(dy + r * d, xhat + r * d, rstd + r, g, dx + r * d, 1, d);
  for (int c = 0; c < d; c++) dg[c] = db[c] = 0.0f;
  for (r = 0; r < n; r++)
    for (int c = 0; c < d; c++) {
      dg[c] = dg[c] + dy[r * d + c] * xhat[r * d + c];
      db[c] = db[c] + dy[r * d + c];
    }
}
