/**
 * A tiny compiler of transformer weights, in the spirit of tracr: named features live in
 * their own residual dimensions, attention heads move features between positions by
 * one-hot position keys, and MLP units compute exact AND-lookups. The result is a plain
 * `Transformer` of the harness's own architecture (pre-LN, learned positions, GELU MLP,
 * final LN + unembedding), so the probe reads it exactly as it reads a trained model.
 *
 * Two facts make hand-written weights survive pre-LayerNorm:
 * - every write also writes minus its sum into one `balance` dimension, so the residual's
 *   mean is exactly 0 and LayerNorm's centring changes nothing;
 * - two anchor dimensions hold +ANCHOR and -ANCHOR at every position, so the residual's
 *   norm is dominated by a constant: LayerNorm then divides by nearly the same sigma
 *   everywhere (within 1%), and its gain undoes that sigma. A zeroed position stays zero.
 * GELU(z) - GELU(-z) = z exactly, so a pair of units copies or clears a feature, and a
 * unit with pre-activation +-UNIT_GAIN is on (GELU = z) or off (GELU ~ -1e-22).
 */
import type { ArmConfig } from '../train/defaults.ts';
import { modelShapeFor } from '../model/build.ts';
import { makeParams, paramSpecs, type ModelShape } from '../model/params.ts';
import { Transformer } from '../model/transformer.ts';

/** The anchors' magnitude: sigma of the residual is ANCHOR * sqrt(2 / d), whatever else it holds. */
const ANCHOR = 100;
/** Attention score of the wanted key over every other key (softmax weight of the rest ~ e^-ATTN_GAIN). */
const ATTN_GAIN = 40;
/** Pre-activation of an MLP unit that is on (+) or off (-). */
const UNIT_GAIN = 12;
/** Logit of the element a state dimension holds (softmax mass ~ 1 - 5e^-UNEMBED_GAIN). */
const UNEMBED_GAIN = 14;

/** One term of a unit's input: feature dimension `dim` times `weight`. */
export type Term = readonly [dim: number, weight: number];

export class WeightCompiler {
  readonly shape: ModelShape;
  readonly d: number;
  readonly dh: number;
  private readonly values: Map<string, Float32Array>;
  private readonly names = new Map<string, number[]>();
  private next = 0;
  /** Hidden units used so far, per block. */
  private readonly unitsUsed: number[];
  private readonly headsUsed: number[];
  readonly balance: number;
  readonly anchors: readonly [number, number];

  constructor(readonly arm: ArmConfig) {
    this.shape = modelShapeFor(arm);
    this.d = arm.dModel;
    this.dh = arm.dModel / arm.heads;
    this.values = new Map(paramSpecs(this.shape).map((s) => [s.name, new Float32Array(s.shape.reduce((a, b) => a * b, 1))]));
    const blocks = arm.model === 'universal' ? 1 : arm.layers;
    this.unitsUsed = new Array<number>(blocks).fill(0);
    this.headsUsed = new Array<number>(blocks).fill(0);
    this.balance = this.alloc('balance', 1)[0]!;
    const [plus, minus] = this.alloc('anchor', 2) as [number, number];
    this.anchors = [plus, minus];
    for (let p = 0; p < this.shape.seqLen; p++) {
      this.add('pos_embed.W_pos', p * this.d + plus, ANCHOR);
      this.add('pos_embed.W_pos', p * this.d + minus, -ANCHOR);
    }
    // Every LayerNorm's gain is the residual's nominal sigma, so LN(x) ~ x on every feature.
    const sigma = ANCHOR * Math.sqrt(2 / this.d);
    for (const name of this.values.keys()) if (/ln(1|2|_final)\.w$/.test(name)) this.values.get(name)!.fill(sigma);
  }

  /** `n` fresh residual dimensions named `name` (an error when d is too small). */
  alloc(name: string, n: number): number[] {
    if (this.names.has(name)) throw new Error(`compiler: feature '${name}' is allocated twice`);
    if (this.next + n > this.d) throw new Error(`compiler: '${name}' needs ${n} more dimensions than dModel ${this.d} has left (${this.d - this.next})`);
    const dims = Array.from({ length: n }, (_, j) => this.next + j);
    this.next += n;
    this.names.set(name, dims);
    return dims;
  }

  /** The dimensions of an allocated feature. */
  dims(name: string): number[] {
    const dims = this.names.get(name);
    if (!dims) throw new Error(`compiler: no feature '${name}'`);
    return dims;
  }

  private add(param: string, index: number, value: number): void {
    const data = this.values.get(param);
    if (!data) throw new Error(`compiler: no parameter ${param}`);
    data[index] = data[index]! + value;
  }

  private prefix(block: number): string {
    if (block < 0 || block >= this.unitsUsed.length) throw new Error(`compiler: block ${block} is outside 0..${this.unitsUsed.length - 1}`);
    return this.arm.model === 'universal' ? 'blocks.shared' : `blocks.${block}`;
  }

  /** Token `token`'s embedding writes `value` into `dim`. */
  embedToken(token: number, dim: number, value = 1): void {
    this.add('embed.W_E', token * this.d + dim, value);
    this.add('embed.W_E', token * this.d + this.balance, -value);
  }

  /** Position `pos`'s embedding writes `value` into `dim`. */
  embedPosition(pos: number, dim: number, value = 1): void {
    this.add('pos_embed.W_pos', pos * this.d + dim, value);
    this.add('pos_embed.W_pos', pos * this.d + this.balance, -value);
  }

  /**
   * One attention head in `block`: query position p attends to the key position `target(p)`
   * (a number, or null for "no target": then it attends to position `fallback`, whose
   * value must read nothing), identified by one-hot position dimensions `posDims`.
   * Its value copies `from[j]` (at the key position) into `to[j]` (at the query position).
   */
  head(block: number, spec: { posDims: readonly number[]; target: (p: number) => number | null; fallback: number; from: readonly number[]; to: readonly number[] }): void {
    const { posDims, target, fallback, from, to } = spec;
    const pre = `${this.prefix(block)}.attn`;
    const h = this.headsUsed[block]!;
    if (h >= this.arm.heads) throw new Error(`compiler: block ${block} has no head left (heads: ${this.arm.heads})`);
    this.headsUsed[block] = h + 1;
    const T = this.shape.seqLen;
    if (T > this.dh) throw new Error(`compiler: one-hot keys need head dimension >= ${T} positions (dModel/heads = ${this.dh})`);
    if (from.length !== to.length || from.length > this.dh) throw new Error(`compiler: a head copies at most ${this.dh} dimensions (got ${from.length} -> ${to.length})`);
    const d = this.d;
    const scale = Math.sqrt(this.dh); // undoes the 1/sqrt(dh) of the scores
    const col = (part: 0 | 1 | 2, c: number) => part * d + h * this.dh + c; // column of W_QKV
    // q at position p = ATTN_GAIN * onehot(target(p)) (or ATTN_GAIN/2 * onehot(fallback)); k at j = onehot(j).
    for (let p = 0; p < T; p++) {
      const t = target(p);
      const key = t !== null && t >= 0 && t <= p ? t : fallback;
      const gain = key === t ? ATTN_GAIN : ATTN_GAIN / 2;
      this.add(`${pre}.W_QKV`, posDims[p]! * 3 * d + col(0, key), gain * scale);
    }
    // When the target is masked (a future position), the fallback must still beat the rest.
    for (let p = 0; p < T; p++) this.add(`${pre}.W_QKV`, posDims[p]! * 3 * d + col(0, fallback), ATTN_GAIN / 2 * scale);
    for (let j = 0; j < T; j++) this.add(`${pre}.W_QKV`, posDims[j]! * 3 * d + col(1, j), 1);
    from.forEach((src, c) => {
      this.add(`${pre}.W_QKV`, src * 3 * d + col(2, c), 1);
      this.add(`${pre}.W_O`, (h * this.dh + c) * d + to[c]!, 1);
      this.add(`${pre}.W_O`, (h * this.dh + c) * d + this.balance, -1);
    });
  }

  /**
   * An AND unit in `block`'s MLP: on when sum(weight * x[dim]) over `inputs` reaches `need`
   * (each input a 0/1 feature; a term with weight -2 vetoes), then it adds `out` to the residual.
   * Two hidden units clamp the pre-activation to [0, 1] (ReLU(z) - ReLU(z - 1) in GELU's linear
   * regime), so what it writes is exactly `out` however far the inputs sit from 0/1.
   */
  andUnit(block: number, inputs: readonly Term[], need: number, out: readonly Term[]): void {
    // z = 2 * UNIT_GAIN * (2 * sum - 2 * need + 1): ~2 UNIT_GAIN when sum = need, <= -2 UNIT_GAIN when sum <= need - 1.
    const pre = `${this.prefix(block)}.mlp`;
    const hidden = this.shape.mlpRatio * this.d;
    for (const [shift, sign] of [[0, 1], [-UNIT_GAIN, -1]] as const) {
      const j = this.unit(block);
      for (const [dim, w] of inputs) this.add(`${pre}.W_in`, dim * hidden + j, 2 * UNIT_GAIN * 2 * w);
      this.add(`${pre}.b_in`, j, 2 * UNIT_GAIN * (1 - 2 * need) + shift);
      for (const [dim, w] of out) this.writeOut(pre, j, dim, (sign * w) / UNIT_GAIN);
    }
  }

  /** Two units that add `weight * x[from]` to `to` exactly (GELU(z) - GELU(-z) = z); weight -1 on from = to clears it. */
  linearUnit(block: number, from: number, to: number, weight: number): void {
    const pre = `${this.prefix(block)}.mlp`;
    const hidden = this.shape.mlpRatio * this.d;
    for (const sign of [1, -1]) {
      const j = this.unit(block);
      this.add(`${pre}.W_in`, from * hidden + j, sign * UNIT_GAIN);
      this.writeOut(pre, j, to, (sign * weight) / UNIT_GAIN);
    }
  }

  private writeOut(pre: string, unit: number, dim: number, w: number): void {
    this.add(`${pre}.W_out`, unit * this.d + dim, w);
    this.add(`${pre}.W_out`, unit * this.d + this.balance, -w);
  }

  private unit(block: number): number {
    this.prefix(block);
    const j = this.unitsUsed[block]!;
    const hidden = this.shape.mlpRatio * this.d;
    if (j >= hidden) throw new Error(`compiler: block ${block}'s MLP has no unit left (${hidden} hidden units)`);
    this.unitsUsed[block] = j + 1;
    return j;
  }

  /** The unembedding reads element e from state dimension stateDims[e]. */
  unembedState(stateDims: readonly number[]): void {
    const V = this.shape.vocabSize;
    stateDims.forEach((dim, e) => this.add('unembed.W_U', dim * V + e, UNEMBED_GAIN));
  }

  /** Hidden units used in the busiest block (to size mlpRatio). */
  maxUnitsUsed(): number {
    return Math.max(...this.unitsUsed);
  }

  /** The compiled weights as a model of the harness's architecture. */
  build(): Transformer {
    return new Transformer(this.shape, makeParams(this.shape, this.values));
  }
}

/** Hidden units a block needs for `andUnits` AND units and `linearFeatures` copied or cleared features. */
export const unitsFor = (andUnits: number, linearFeatures: number): number => 2 * andUnits + 2 * linearFeatures;
