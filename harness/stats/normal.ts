/* eslint-disable no-loss-of-precision -- Wichura AS 241 coefficients kept digit for digit as published */
/**
 * Standard normal CDF and quantile at double precision.
 *
 * simple-statistics has `cumulativeStdNormalProbability` and `probit`, but the
 * former is a 4-decimal lookup table and the latter uses Winitzki's closed-form
 * erf^-1 approximation (probit(0.975) = 1.9572 instead of 1.959964), which
 * would move Wilson / Newcombe bounds in the 3rd-4th decimal. Published values
 * are quoted to 4 decimals, so we need the more accurate versions below.
 */

/**
 * Standard normal quantile (probit), Wichura's Algorithm AS 241 (PPND16),
 * relative accuracy about 1e-16.
 *
 * Reference: Wichura, M. J. (1988). Algorithm AS 241: The percentage points of
 * the normal distribution. Applied Statistics 37(3), 477-484.
 * @param p probability in [0, 1]; returns -Infinity / Infinity at 0 / 1.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`normalQuantile: p must be in [0, 1], got ${String(p)}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    const num =
      (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r +
        4.5921953931549871457e4) * r + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r +
        1.3314166789178437745e2) * r + 3.387132872796366608) * q;
    const den =
      ((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r + 3.9307895800092710610e4) * r +
        2.1213794301586595867e4) * r + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r +
        4.2313330701600911252e1) * r + 1.0;
    return num / den;
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    const num =
      ((((((7.7454501427834140764e-4 * r + 2.2723844989269184583e-2) * r + 2.4178072517745061177e-1) * r +
        1.2704582524523683826) * r + 3.6478483247632045265) * r + 5.769497221460691405) * r +
        4.6303378461565452959) * r + 1.4234371107496835773;
    const den =
      ((((((1.0507500716444168432e-9 * r + 5.475938084995344946e-4) * r + 1.5198666563616457197e-2) * r +
        1.4810397642748007459e-1) * r + 6.8976733498510000455e-1) * r + 1.6763848301838038494) * r +
        2.0531916266377588219) * r + 1.0;
    x = num / den;
  } else {
    r -= 5;
    const num =
      ((((((2.0103343992922881327e-7 * r + 2.7115555687434875782e-5) * r + 1.2426609473880784386e-3) * r +
        2.6532189526576123093e-2) * r + 2.9656057182850489123e-1) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772;
    const den =
      ((((((2.0442631033899397856e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 1.4875361290850615025e-2) * r + 1.3692988092273580531e-1) * r +
        5.9983220655588793769e-1) * r + 1.0;
    x = num / den;
  }
  return q < 0 ? -x : x;
}

/**
 * Standard normal CDF Phi(z): absolute error below 1e-15 everywhere, relative
 * error below 1e-8 in the far tails (|z| > 7). Hart's (1968) algorithm 5666 as
 * given by West (2005).
 *
 * Reference: West, G. (2005). Better approximations to cumulative normal
 * functions. Wilmott Magazine, 70-76.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const x = Math.abs(z);
  let tail: number;
  if (x > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-x * x) / 2);
    if (x < 7.07106781186547) {
      let num = 3.52624965998911e-2 * x + 0.700383064443688;
      num = num * x + 6.37396220353165;
      num = num * x + 33.912866078383;
      num = num * x + 112.079291497871;
      num = num * x + 221.213596169931;
      num = num * x + 220.206867912376;
      let den = 8.83883476483184e-2 * x + 1.75566716318264;
      den = den * x + 16.064177579207;
      den = den * x + 86.7807322029461;
      den = den * x + 296.564248779674;
      den = den * x + 637.333633378831;
      den = den * x + 793.826512519948;
      den = den * x + 440.413735824752;
      tail = (e * num) / den;
    } else {
      let b = x + 0.65;
      b = x + 4 / b;
      b = x + 3 / b;
      b = x + 2 / b;
      b = x + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return z > 0 ? 1 - tail : tail;
}
