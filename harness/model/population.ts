/**
 * A population: G seeds of one architecture as one model, every parameter with a leading seed axis
 * ([G, ...] of paramSpecs' shape). The same function as transformer.ts's per seed, laid out so that
 * each product is one batched product over the seeds (seed-ops.ts) and everything that has no
 * parameter (attention, softmax, GELU) runs on the seeds' sequences together, as one larger batch.
 * Shapes per line: G seeds, B sequences per seed, T positions, d = dModel, H heads, V vocab.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gelu } from './ops.ts';
import { blockPrefix, type ModelShape } from './params.ts';
import { causalMask, positionMasks } from './masks.ts';
import { seedAddRows, seedLayerNorm, seedLinear, seedMatmulNoBias } from './seed-ops.ts';

/** Parameters by name, each [G, ...shape]. */
export type SeedParams = ReadonlyMap<string, tf.Tensor>;

export class PopulationModel {
  private readonly maskCache = new Map<number, tf.Tensor2D>();

  constructor(readonly shape: ModelShape) {}

  private p<R extends tf.Rank>(params: SeedParams, name: string): tf.Tensor<R> {
    const v = params.get(name);
    if (!v) throw new Error(`population has no parameter ${name}`);
    return v as tf.Tensor<R>;
  }

  /** One-hot rows [G, B*T, V] for ids laid out [G*B*T]. */
  private oneHot(ids: Int32Array, G: number): tf.Tensor3D {
    const V = this.shape.vocabSize;
    const data = new Float32Array(ids.length * V);
    for (let i = 0; i < ids.length; i++) data[i * V + ids[i]!] = 1;
    return tf.tensor3d(data, [G, ids.length / G, V]);
  }

  /** Residual stream after the embeddings: [G, B*T, d]. */
  private embed(params: SeedParams, ids: Int32Array, G: number, batch: number): tf.Tensor3D {
    const d = this.shape.dModel;
    const T = ids.length / (G * batch);
    const tok = seedMatmulNoBias(this.oneHot(ids, G), this.p(params, 'embed.W_E')); // [G, B*T, d]
    const pos = tf.slice(this.p<tf.Rank.R3>(params, 'pos_embed.W_pos'), [0, 0, 0], [G, 1, T * d]); // [G, 1, T*d]
    return tf.reshape(seedAddRows(tf.reshape(tok, [G, batch, T * d]), pos), [G, batch * T, d]);
  }

  /** Rows [G, B*T, d] split into heads: [G*B*H, T, dh]. */
  private toHeads(x: tf.Tensor3D, GB: number, T: number): tf.Tensor3D {
    const { dModel: d, heads: H } = this.shape;
    return tf.reshape(tf.transpose(tf.reshape(x, [GB, T, H, d / H]), [0, 2, 1, 3]), [GB * H, T, d / H]);
  }

  private qkv(params: SeedParams, h: tf.Tensor3D, l: number): [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D] {
    const pre = `${blockPrefix(this.shape, l)}.attn`;
    return tf.split(seedLinear(h, this.p(params, `${pre}.W_QKV`), this.p(params, `${pre}.b_QKV`)), 3, 2) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D]; // 3 x [G, N, d]
  }

  private mlp(params: SeedParams, x: tf.Tensor3D, l: number): tf.Tensor3D {
    const pre = blockPrefix(this.shape, l);
    const ln = seedLayerNorm(x, this.p(params, `${pre}.ln2.w`), this.p(params, `${pre}.ln2.b`));
    const h = seedLinear(ln, this.p(params, `${pre}.mlp.W_in`), this.p(params, `${pre}.mlp.b_in`)); // [G, N, 4d]
    return seedLinear(gelu(h) as tf.Tensor3D, this.p(params, `${pre}.mlp.W_out`), this.p(params, `${pre}.mlp.b_out`)); // [G, N, d]
  }

  private attention(params: SeedParams, h: tf.Tensor3D, l: number, G: number, batch: number, T: number): tf.Tensor3D {
    const { dModel: d, heads: H } = this.shape;
    const dh = d / H;
    const GB = G * batch;
    const pre = `${blockPrefix(this.shape, l)}.attn`;
    const [q, k, v] = this.qkv(params, h, l);
    const scores = tf.mul(tf.matMul(this.toHeads(q, GB, T), this.toHeads(k, GB, T), false, true), 1 / Math.sqrt(dh)); // [G*B*H, T, T]
    const pattern = tf.softmax(tf.add(tf.reshape(scores, [GB, H, T, T]), causalMask(this.maskCache, T))); // [G*B, H, T, T]
    const z = tf.matMul(tf.reshape(pattern, [GB * H, T, T]), this.toHeads(v, GB, T)); // [G*B*H, T, dh]
    const merged = tf.reshape(tf.transpose(tf.reshape(z, [GB, H, T, dh]), [0, 2, 1, 3]), [G, batch * T, d]) as tf.Tensor3D;
    return seedLinear(merged, this.p(params, `${pre}.W_O`), this.p(params, `${pre}.b_O`)); // [G, B*T, d]
  }

  private block(params: SeedParams, x: tf.Tensor3D, l: number, G: number, batch: number, T: number): tf.Tensor3D {
    const pre = blockPrefix(this.shape, l);
    const attnOut = this.attention(params, seedLayerNorm(x, this.p(params, `${pre}.ln1.w`), this.p(params, `${pre}.ln1.b`)), l, G, batch, T);
    const mid = tf.add(x, attnOut) as tf.Tensor3D;
    return tf.add(mid, this.mlp(params, mid, l)) as tf.Tensor3D;
  }

  /** Logits [G, B*T, V] for ids laid out [G*B*T] (seed g's sequences in rows g*B..g*B+B-1). */
  forward(params: SeedParams, ids: Int32Array, G: number, batch: number): tf.Tensor3D {
    const T = ids.length / (G * batch);
    let x = this.embed(params, ids, G, batch);
    for (let l = 0; l < this.shape.layers; l++) x = this.block(params, x, l, G, batch, T);
    const normed = seedLayerNorm(x, this.p(params, 'ln_final.w'), this.p(params, 'ln_final.b'));
    return seedMatmulNoBias(normed, this.p(params, 'unembed.W_U')); // [G, B*T, V]
  }

  /** Logits [G, B, V] at one position per sequence (Transformer.forwardAt per seed). */
  forwardAt(params: SeedParams, ids: Int32Array, G: number, batch: number, positions: Int32Array): tf.Tensor3D {
    const T = ids.length / (G * batch);
    const L = this.shape.layers;
    let x = this.embed(params, ids, G, batch);
    for (let l = 0; l < L - 1; l++) x = this.block(params, x, l, G, batch, T);
    const last = this.lastBlockAt(params, x, L - 1, G, batch, T, positions); // [G, B, d]
    const normed = seedLayerNorm(last, this.p(params, 'ln_final.w'), this.p(params, 'ln_final.b'));
    return seedMatmulNoBias(normed, this.p(params, 'unembed.W_U')); // [G, B, V]
  }

  private lastBlockAt(params: SeedParams, x: tf.Tensor3D, l: number, G: number, batch: number, T: number, positions: Int32Array): tf.Tensor3D {
    const { dModel: d, heads: H } = this.shape;
    const dh = d / H;
    const GB = G * batch;
    const pre = blockPrefix(this.shape, l);
    const { select, keyMask } = positionMasks(positions, T); // [G*B, T, 1], [G*B, 1, 1, T]
    const at = (t: tf.Tensor3D) => tf.sum(tf.mul(t, select), 1) as tf.Tensor2D; // [G*B, T, c] -> [G*B, c]
    const h = seedLayerNorm(x, this.p(params, `${pre}.ln1.w`), this.p(params, `${pre}.ln1.b`)); // [G, B*T, d]
    const [q, k, v] = this.qkv(params, h, l);
    const query = tf.reshape(at(tf.reshape(q, [GB, T, d])), [GB * H, 1, dh]);
    const scores = tf.mul(tf.matMul(query, this.toHeads(k, GB, T), false, true), 1 / Math.sqrt(dh)); // [G*B*H, 1, T]
    const pattern = tf.softmax(tf.add(tf.reshape(scores, [GB, H, 1, T]), keyMask)); // [G*B, H, 1, T]
    const z = tf.reshape(tf.matMul(tf.reshape(pattern, [GB * H, 1, T]), this.toHeads(v, GB, T)), [G, batch, d]) as tf.Tensor3D;
    const resid = tf.reshape(at(tf.reshape(x, [GB, T, d])), [G, batch, d]);
    const mid = tf.add(resid, seedLinear(z, this.p(params, `${pre}.attn.W_O`), this.p(params, `${pre}.attn.b_O`))) as tf.Tensor3D; // [G, B, d]
    return tf.add(mid, this.mlp(params, mid, l)) as tf.Tensor3D;
  }

  dispose(): void {
    for (const m of this.maskCache.values()) m.dispose();
    this.maskCache.clear();
  }
}
