/**
 * Generalisation: answer accuracy on length-K problems the seed never trained on (its held-out set)
 * beside length-K problems it trained on. A lookup of the training problems scores high on the
 * second only; an algorithm scores the same on both. Both sets are rebuilt from the arm and the
 * seed alone, with the held-out set the training run used (harness/task/held-out.ts).
 * The tfjs backend must be initialised first.
 */
import type { Transformer } from '../model/transformer.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { answerStats } from '../train/evaluate.ts';
import { groupFor } from '../task/index.ts';
import { heldOutSet } from '../task/sampler.ts';
import { sampleSide, type Side } from '../task/held-out.ts';
import { stream } from '../util/prng.ts';

/** The streams the drawn problems come from (used only when a side has more than n problems). */
export const GENERALISATION_STREAMS: Record<Side, string> = { 'held-out': 'probe-held-out', train: 'probe-train' };

export interface AccuracyCount {
  n: number;
  correct: number;
  accuracy: number;
}

export interface Generalisation {
  /** Length-K problems held out of training. */
  heldOut: AccuracyCount;
  /** Length-K training problems. */
  train: AccuracyCount;
}

/**
 * @param opts.n problems per side (default 1024): all of a side when it has at most n, else n
 *   distinct problems drawn from the side's stream (GENERALISATION_STREAMS)
 * @param opts.chunk problems per forward pass
 */
export async function measureGeneralisation(model: Transformer, arm: ArmConfig, seed: number, opts: { n?: number; chunk?: number } = {}): Promise<Generalisation> {
  const n = opts.n ?? 1024;
  if (!Number.isInteger(n) || n < 1) throw new Error(`measureGeneralisation: n must be an integer >= 1, got ${n}`);
  if (model.shape.layers !== arm.layers) throw new Error(`measureGeneralisation: the model has ${model.shape.layers} layers but arm '${arm.name}' says ${arm.layers}`);
  if (arm.K < 2) throw new Error(`measureGeneralisation: arm '${arm.name}' has K = ${arm.K}; only lengths >= 2 are held out`);
  const group = groupFor(arm.task);
  const set = heldOutSet(group, arm.K, seed, arm.heldOutFraction);
  const measure = async (side: Side): Promise<AccuracyCount> => {
    const problems = sampleSide(set, arm.K, side, n, stream(seed, GENERALISATION_STREAMS[side]));
    const s = await answerStats(model, group, arm.K, problems, {}, opts.chunk);
    return { n: s.n, correct: s.correct, accuracy: s.correct / s.n };
  };
  return { heldOut: await measure('held-out'), train: await measure('train') };
}
