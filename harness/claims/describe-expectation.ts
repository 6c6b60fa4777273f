/**
 * Expectations in words: a sentence for reports and a short label for table cells, each from
 * the expectation's kind module (kinds/).
 */
import type { Expectation } from './claim-types.ts';
import { kindOf } from './kinds/index.ts';

export { ablationRateName } from './kinds/ablation.ts';
export { OUTCOME_PHRASES, rateName } from './kinds/shared.ts';
export { percent } from './rate-intervals.ts';

/** The expectation as one readable sentence. */
export const describeExpectation = (exp: Expectation): string => kindOf(exp).describe(exp);

/** A short label for a table cell, e.g. `sequential >= 50%`. */
export const expectationLabel = (exp: Expectation): string => kindOf(exp).label(exp);
