/**
 * Claim evaluation: a pure function of seed summaries. Each expectation kind has
 * its own module (kinds/, rules documented there); this one dispatches, combines
 * expectations into a claim verdict, and tells the sweep which arms are done.
 */
import type { Claim, Expectation } from './claim-types.ts';
import { maxLooks } from './claim-types.ts';
import { expectationArms, kindOf } from './kinds/index.ts';
import type { SeedsByArm } from './kinds/kind.ts';
import { claimTier } from './load-claims.ts';
import type { ClaimResult, ExpectationResult, Status } from './result-types.ts';

export type { SeedsByArm } from './kinds/kind.ts';

/** How to evaluate: fixed-n (default) or sequential (anytime-valid, for looks after every round). */
export interface EvaluateOptions {
  /** true while seeds are still being added in rounds (default false). */
  sequential?: boolean;
  /** Looks the sweep can take (maxLooks(tier)); needed by `metric` expectations in sequential mode. */
  looks?: number;
}

/**
 * Evaluate one expectation on the seeds at hand at the claim's confidence.
 * @throws Error for a kind that needs `looks` (metric) in sequential mode without them.
 */
export function evaluateExpectation(exp: Expectation, seedsByArm: SeedsByArm, confidence: number, options: EvaluateOptions = {}): ExpectationResult {
  const kind = kindOf(exp);
  const sequential = options.sequential ?? false;
  const evaluated = kind.evaluate(exp, seedsByArm, confidence, { sequential, ...(options.looks !== undefined ? { looks: options.looks } : {}) });
  return { kind: exp.kind, description: kind.describe(exp), label: kind.label(exp), ...evaluated };
}

/** fail if any fails, pass if all pass, else inconclusive. */
export function combineStatuses(statuses: readonly Status[]): Status {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.length > 0 && statuses.every((s) => s === 'pass')) return 'pass';
  return 'inconclusive';
}

/** Throws when a summary is filed under the wrong arm or tier (a sweep bug, never silently mixed in). */
function checkSeeds(claim: Claim, tier: string, seedsByArm: SeedsByArm): void {
  for (const [arm, seeds] of seedsByArm) {
    for (const s of seeds) {
      if (s.arm !== arm || s.tier !== tier) throw new Error(`claim ${claim.id}: seed ${s.seed} of arm ${s.arm} tier ${s.tier} was passed as arm ${arm} tier ${tier}`);
    }
  }
}

/**
 * Evaluate every expectation of `claim` in `tier`; status = fail if any
 * expectation fails, pass if all pass, else inconclusive. Sequential mode uses
 * the tier's number of looks for `metric` expectations.
 * @throws ValidationError for an unknown tier; Error for seeds filed under the wrong arm or tier.
 */
export function evaluateClaim(claim: Claim, tier: string, seedsByArm: SeedsByArm, options: Pick<EvaluateOptions, 'sequential'> = {}): ClaimResult {
  const spec = claimTier(claim, tier);
  checkSeeds(claim, tier, seedsByArm);
  const evalOptions: EvaluateOptions = { sequential: options.sequential ?? false, looks: maxLooks(spec) };
  const expectations = claim.expect.map((exp) => evaluateExpectation(exp, seedsByArm, claim.confidence, evalOptions));
  const seeds: Record<string, number[]> = {};
  for (const arm of Object.keys(claim.arms)) seeds[arm] = (seedsByArm.get(arm) ?? []).map((s) => s.seed).sort((a, b) => a - b);
  return {
    id: claim.id,
    version: claim.version,
    statement: claim.statement,
    status: combineStatuses(expectations.map((e) => e.status)),
    confidence: claim.confidence,
    expectations,
    seeds,
  };
}

/**
 * The arms of `claim` that need no more seeds in `tier`: every expectation that
 * reads the arm is decided (pass or fail) in sequential mode. Arms in claim order.
 * The sweep adds a round of seeds to the other arms, up to the tier's maxSeeds.
 */
export function armsDecided(claim: Claim, tier: string, seedsByArm: SeedsByArm): string[] {
  const result = evaluateClaim(claim, tier, seedsByArm, { sequential: true });
  const open = new Set<string>();
  claim.expect.forEach((exp, i) => {
    if (result.expectations[i]?.status === 'inconclusive') for (const arm of expectationArms(exp)) open.add(arm);
  });
  return Object.keys(claim.arms).filter((arm) => !open.has(arm));
}
