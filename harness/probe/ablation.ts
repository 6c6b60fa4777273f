/**
 * Sequential ablation: replace the residual stream where t_i lives (its <op> at 2i+2, g_i's
 * position 2i+1, or both) from a lens layer on, and measure answer accuracy. Interventions are plain hook functions built
 * per call (`zeroPositionHook`, `meanPositionHook`); nothing is stored on the model.
 * Intervening "at lens layer m" = at `blocks.0.hook_resid_pre` (m = 0) or
 * `blocks.{m-1}.hook_resid_post` (m >= 1), as the lens reads.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HookBinding, HookFn } from '../model/hooks.ts';
import type { Transformer } from '../model/transformer.ts';
import type { Group } from '../task/group.ts';
import { makeBatch, type Problem } from '../task/sampler.ts';
import { intermediatePosition, operandPosition, vocabFor } from '../task/tokens.ts';
import { answerStats } from '../train/evaluate.ts';
import { lensHookName } from './logit-lens.ts';
import { ablationLayer, firstLayerAbove, type LayerSource } from './staircase.ts';

/** x with position p replaced by fill.  x [B, T, d], fill [B, 1, d] -> [B, T, d]. Other positions are copied exactly. */
export function replacePosition(x: tf.Tensor3D, position: number, fill: tf.Tensor3D): tf.Tensor3D {
  const [B, T, d] = x.shape;
  if (!Number.isInteger(position) || position < 0 || position >= T) throw new Error(`position ${position} is outside 0..${T - 1}`);
  const parts: tf.Tensor3D[] = [];
  if (position > 0) parts.push(tf.slice(x, [0, 0, 0], [B, position, d])); // [B, p, d]
  parts.push(fill); // [B, 1, d]
  if (position < T - 1) parts.push(tf.slice(x, [0, position + 1, 0], [B, T - position - 1, d])); // [B, T-p-1, d]
  return tf.concat(parts, 1); // [B, T, d]
}

/** A hook that zeroes the residual stream at one position (every row). */
export function zeroPositionHook(position: number): HookFn {
  return (activation) => {
    const x = activation as tf.Tensor3D; // [B, T, d]
    const [B, , d] = x.shape;
    return replacePosition(x, position, tf.zeros([B, 1, d]));
  };
}

/** A hook that sets the residual stream at one position to `meanVector` ([d]) in every row. */
export function meanPositionHook(position: number, meanVector: Float32Array): HookFn {
  return (activation) => {
    const x = activation as tf.Tensor3D; // [B, T, d]
    const [B, , d] = x.shape;
    if (meanVector.length !== d) throw new Error(`mean vector has ${meanVector.length} values, the residual has d = ${d}`);
    const fill = tf.tile(tf.tensor3d(meanVector, [1, 1, d]), [B, 1, 1]); // [B, 1, d]
    return replacePosition(x, position, fill);
  };
}

/** Mean residual stream per lens layer and position over a problem set: data is [L+1, T, d]. */
export interface ResidualMeans {
  readonly layers: number;
  readonly T: number;
  readonly d: number;
  readonly data: Float32Array;
}

/** The mean vector ([d]) at lens layer m and `position`. */
export function meanAt(means: ResidualMeans, m: number, position: number): Float32Array {
  const offset = (m * means.T + position) * means.d;
  return means.data.slice(offset, offset + means.d);
}

/** Mean residual at every lens layer and position over length-K `problems` (one forward per chunk). */
export async function residualMeans(model: Transformer, group: Group, K: number, problems: readonly Problem[], chunk = 256): Promise<ResidualMeans> {
  const vocab = vocabFor(group);
  const L = model.shape.layers;
  const d = model.shape.dModel;
  let T = 0;
  let sum: Float64Array | undefined;
  for (let start = 0; start < problems.length; start += chunk) {
    const batch = makeBatch(vocab, K, problems.slice(start, start + chunk));
    T = batch.T;
    const stacked = tf.tidy(() => {
      const read: tf.Tensor2D[] = [];
      const readers: HookBinding[] = Array.from({ length: L + 1 }, (_, m) => [lensHookName(m), (a: tf.Tensor) => void (read[m] = tf.sum(a, 0) as tf.Tensor2D)]); // [T, d]
      model.forward(batch.inputs, batch.size, { hooks: readers });
      return tf.stack(read); // [L+1, T, d]
    });
    const data = (await stacked.data()) as Float32Array;
    stacked.dispose();
    sum ??= new Float64Array(data.length);
    for (let j = 0; j < data.length; j++) sum[j] = sum[j]! + data[j]!;
  }
  if (!sum) throw new Error('residualMeans needs at least one problem');
  const out = new Float32Array(sum.length);
  for (let j = 0; j < sum.length; j++) out[j] = sum[j]! / problems.length;
  return { layers: L, T, d, data: out };
}

export type AblationKind = 'zero' | 'mean';

/** Hook bindings that replace `position` at every lens layer in `layers` (zero, or the per-layer mean). */
export function positionAblationHooks(position: number, layers: readonly number[], kind: AblationKind, means?: ResidualMeans): HookBinding[] {
  return layers.map((m): HookBinding => {
    if (kind === 'zero') return [lensHookName(m), zeroPositionHook(position)];
    if (!means) throw new Error('mean ablation needs the residual means');
    return [lensHookName(m), meanPositionHook(position, meanAt(means, m, position))];
  });
}

/** Answer accuracy under zero and under mean ablation. */
export interface AblationPair {
  zero: number;
  mean: number;
}

/** Where an intermediate can live: its <op> (2i+2), g_i's position (2i+1), or both at once. */
export type SiteName = 'op' | 'g' | 'both';

/** One place t_i was ablated, with the layers read off the lens at that place. */
export interface AblationSite {
  where: SiteName;
  /** Input positions replaced (two for `both`). */
  positions: number[];
  /** a_i: the onset layer, first layer of fromOnset (see ablationLayer). */
  layer: number;
  layerSource: LayerSource;
  /** c_i at this place: first layer above the decode threshold (null: never). */
  critical: number | null;
  /** First lens layer of afterCritical: c_i + 1 (a_i + 1 without c_i). */
  afterFrom: number;
  /** Replaced at lens layers afterFrom..L: t_i already computed, so a one-step-per-layer model needs nothing of it. */
  afterCritical: AblationPair;
  /** Replaced at lens layers a_i..L: breaks a model that computes t_i there and reads it later. */
  fromOnset: AblationPair;
}

/** The ablation of one intermediate: every site tried, and the site the answer needs most (lowest fromOnset zero). */
export interface AblationEntry extends Omit<AblationSite, 'positions'> {
  /** The intermediate t_i (1..K-1). */
  i: number;
  /** The chosen site's first position (2i+2 at the <op>, 2i+1 at g_i). */
  position: number;
  sites: AblationSite[];
}

export interface AblationResult {
  /** Answer accuracy with no intervention on the same problems. */
  baselineAccuracy: number;
  perIntermediate: AblationEntry[];
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, j) => from + j);

/** The lens layers of one candidate place. */
interface Candidate {
  where: SiteName;
  positions: number[];
  layer: number;
  layerSource: LayerSource;
  critical: number | null;
  afterFrom: number;
}

/**
 * The places to ablate t_i: its <op> always (at the causal layer i when the lens never shows it
 * there), g_i's position when the lens shows t_i there, and both together when both show it
 * (a model may carry the chain at either, or copy it between them).
 */
export function ablationCandidates(i: number, mass: readonly (readonly number[])[], control: readonly (readonly number[])[] | null, settings: { decodeThreshold: number; weakThreshold: number }): Candidate[] {
  const place = (where: SiteName, positions: number[], m: readonly (readonly number[])[]): Candidate => {
    const a = ablationLayer(m, i, settings);
    return { where, positions, layer: a.layer, layerSource: a.layerSource, critical: firstLayerAbove(m, i, settings.decodeThreshold), afterFrom: a.afterFrom };
  };
  const op = place('op', [intermediatePosition(i)], mass);
  const out = [op];
  if (control) {
    const g = place('g', [operandPosition(i)], control);
    if (g.layerSource !== 'causal') {
      out.push(g);
      if (op.layerSource !== 'causal') {
        const critical = op.critical === null || g.critical === null ? null : Math.max(op.critical, g.critical);
        out.push({ where: 'both', positions: [operandPosition(i), intermediatePosition(i)], layer: Math.min(op.layer, g.layer), layerSource: op.layer <= g.layer ? op.layerSource : g.layerSource, critical, afterFrom: Math.max(op.afterFrom, g.afterFrom) });
      }
    }
  }
  return out;
}

/**
 * Sequential ablation of t_1..t_{K-1} (ablating t_K at <predict> breaks every model), at every
 * candidate place the lens points to (ablationCandidates).
 * @param mass the lens masses at the <op> on the same problems; control: at g_i's position
 */
export async function sequentialAblation(
  model: Transformer,
  group: Group,
  K: number,
  problems: readonly Problem[],
  lens: { mass: readonly (readonly number[])[]; control: readonly (readonly number[])[] | null },
  settings: { decodeThreshold: number; weakThreshold: number; chunk: number },
): Promise<AblationResult> {
  const L = model.shape.layers;
  const accuracy = async (hooks: readonly HookBinding[]): Promise<number> => {
    const s = await answerStats(model, group, K, problems, { hooks }, settings.chunk);
    return s.n ? s.correct / s.n : NaN;
  };
  const baselineAccuracy = await accuracy([]);
  const means = K > 1 ? await residualMeans(model, group, K, problems, settings.chunk) : undefined;
  // No layer to replace (afterFrom > L): the baseline, without another pass.
  const pair = async (positions: number[], layers: number[]): Promise<AblationPair> => {
    if (layers.length === 0) return { zero: baselineAccuracy, mean: baselineAccuracy };
    const hooks = (kind: AblationKind) => positions.flatMap((p) => positionAblationHooks(p, layers, kind, means));
    return { zero: await accuracy(hooks('zero')), mean: await accuracy(hooks('mean')) };
  };
  const perIntermediate: AblationEntry[] = [];
  for (let i = 1; i < K; i++) {
    const sites: AblationSite[] = [];
    for (const c of ablationCandidates(i, lens.mass, lens.control, settings)) {
      sites.push({ ...c, afterCritical: await pair(c.positions, range(c.afterFrom, L)), fromOnset: await pair(c.positions, range(c.layer, L)) });
    }
    const chosen = sites.reduce((best, s) => (s.fromOnset.zero < best.fromOnset.zero ? s : best));
    const { positions, ...rest } = chosen;
    perIntermediate.push({ i, position: positions[0]!, ...rest, sites });
  }
  return { baselineAccuracy, perIntermediate };
}
