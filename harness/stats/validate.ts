/**
 * Input validation helpers. Every public function validates its inputs and
 * throws an `Error` with a message naming the offending argument.
 */
import type { Sides } from './types.ts';

/** Throws unless `value` is a finite integer >= 0. */
export function assertCount(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/** Throws unless `successes` and `n` are counts with successes <= n. */
export function assertBinomial(successes: number, n: number): void {
  assertCount(successes, 'successes');
  assertCount(n, 'n');
  if (successes > n) {
    throw new Error(`successes (${successes}) must not exceed n (${n})`);
  }
}

/** Throws unless 0 < confidence < 1. */
export function assertConfidence(confidence: number): void {
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new Error(`confidence must be strictly between 0 and 1, got ${String(confidence)}`);
  }
}

/** Throws unless 0 < alpha < 1. */
export function assertAlpha(alpha: number): void {
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new Error(`alpha must be strictly between 0 and 1, got ${String(alpha)}`);
  }
}

/** Throws unless 0 <= p <= 1. */
export function assertProbability(p: number, name: string): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new Error(`${name} must be a probability in [0, 1], got ${String(p)}`);
  }
}

/** Throws unless `sides` is one of 'two' | 'lower' | 'upper'. */
export function assertSides(sides: Sides): void {
  if (sides !== 'two' && sides !== 'lower' && sides !== 'upper') {
    throw new Error(`sides must be 'two', 'lower' or 'upper', got ${String(sides)}`);
  }
}

/**
 * Checks the arguments of a binomial interval (each `[successes, n]`, the confidence, the
 * sides) and returns the sides asked for (default two-sided).
 */
export function intervalSides(counts: readonly (readonly [number, number])[], confidence: number, options: { sides?: Sides }): Sides {
  const sides: Sides = options.sides ?? 'two';
  for (const [successes, n] of counts) assertBinomial(successes, n);
  assertConfidence(confidence);
  assertSides(sides);
  return sides;
}

/** Throws unless both Beta shapes are finite and > 0 (`where`: the function, for the message). */
export function assertBetaShapes(where: string, a: number, b: number): void {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new Error(`${where}: shapes must be finite and > 0, got a=${a}, b=${b}`);
  }
}

/** Throws unless every element is a finite number and the array is non-empty. */
export function assertFiniteSample(values: readonly number[], name: string): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`${name} must be a non-empty array of numbers`);
  }
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${name} must contain only finite numbers, got ${String(v)}`);
    }
  }
}

/**
 * Tail probability of each side for a confidence level.
 * Two-sided: (1 - confidence) / 2; one-sided: 1 - confidence.
 */
export function tailAlpha(confidence: number, sides: Sides): number {
  return sides === 'two' ? (1 - confidence) / 2 : 1 - confidence;
}
