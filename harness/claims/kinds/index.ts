/**
 * The expectation kinds: one module each, listed here once. Everything that reads an expectation
 * (loading, checking, describing, evaluating, tables, tier power, baselines, old results) asks
 * its kind module through this registry. A new kind: its module in this folder, one line below,
 * and its branch in schemas/claim.schema.json (`kind` enum, an if/then and its $defs entry).
 */
import type { Expectation } from '../claim-types.ts';
import { ablationKind } from './ablation.ts';
import { compareKind } from './compare.ts';
import type { ExpectationKind } from './kind.ts';
import { metricKind } from './metric.ts';
import { rateKind } from './rate.ts';

export const EXPECTATION_KINDS = [rateKind, compareKind, ablationKind, metricKind] as const;

/** The expectation type of a kind module. */
export type ExpectationOf<K> = K extends ExpectationKind<infer E> ? E : never;

/** The names of the kinds, in registry order. */
export const KIND_NAMES: readonly string[] = EXPECTATION_KINDS.map((k) => k.kind);

/** The module of `kind` (an expectation or its result carries the name). */
export function kindOf<E extends Expectation>(exp: E | { kind: string }): ExpectationKind<E> {
  const found = EXPECTATION_KINDS.find((k) => k.kind === exp.kind);
  if (!found) throw new Error(`unknown expectation kind \`${exp.kind}\` (the kinds are ${KIND_NAMES.join(', ')})`);
  return found as unknown as ExpectationKind<E>;
}

/** Whether an expectation counts only the seeds that learned (kind.learnedOnly). */
export const readsLearnedOnly = (exp: Expectation): boolean => kindOf(exp).learnedOnly(exp);

/** The arms an expectation reads seeds of, in the order the expectation names them. */
export const expectationArms = (exp: Expectation): string[] => kindOf(exp).armFields(exp).map(([, arm]) => arm);
