/**
 * Pre-LayerNorm causal decoder with learned positions (nanoGPT-style), standard or
 * universal (one block applied `layers` times). Reads top to bottom; shapes are
 * noted per line with B = batch, T = positions, d = dModel, H = heads, V = vocab.
 */
import * as tf from '@tensorflow/tfjs-core';
import { addRowBroadcast, gelu, layerNorm, linear, matmulNoBias } from './ops.ts';
import { hookNames, runHooks, type HookBinding } from './hooks.ts';
import { causalMask, positionMasks } from './masks.ts';
import { blockPrefix, type ModelShape, type Params } from './params.ts';

export interface ForwardOptions {
  /** Per-call hooks; no hook state lives on the model. */
  readonly hooks?: readonly HookBinding[];
}

export class Transformer {
  private readonly maskCache = new Map<number, tf.Tensor2D>();

  constructor(
    readonly shape: ModelShape,
    readonly params: Params,
  ) {
    if (shape.dModel % shape.heads !== 0) throw new Error(`dModel ${shape.dModel} is not divisible by heads ${shape.heads}`);
  }

  private p<R extends tf.Rank>(name: string): tf.Tensor<R> {
    const v = this.params.get(name);
    if (!v) throw new Error(`model has no parameter ${name}`);
    return v as unknown as tf.Tensor<R>;
  }

  /** One-hot rows for token ids: [B*T, V] (the embedding is one-hot @ W_E; wasm lacks gather's gradient). */
  oneHot(ids: Int32Array): tf.Tensor2D {
    const V = this.shape.vocabSize;
    const data = new Float32Array(ids.length * V);
    for (let i = 0; i < ids.length; i++) data[i * V + ids[i]!] = 1;
    return tf.tensor2d(data, [ids.length, V]);
  }

  /** Residual stream after the embeddings: [B, T, d]. */
  embed(ids: Int32Array, batch: number, opts: ForwardOptions = {}): tf.Tensor3D {
    const { dModel: d } = this.shape;
    const T = ids.length / batch;
    const tok = matmulNoBias(this.oneHot(ids), this.p('embed.W_E')); // [B*T, d]
    const tok3 = runHooks(opts.hooks, { name: hookNames.embed }, tf.reshape(tok, [batch, T, d])); // [B, T, d]
    const pos = tf.slice(this.p<tf.Rank.R2>('pos_embed.W_pos'), [0, 0], [1, T * d]); // [1, T*d]
    const posHooked = runHooks(opts.hooks, { name: hookNames.posEmbed }, tf.reshape(pos, [1, T, d])); // [1, T, d]
    const x = addRowBroadcast(tf.reshape(tok3, [batch, T * d]), tf.reshape(posHooked, [1, T * d])); // [B, T*d]
    return tf.reshape(x, [batch, T, d]);
  }

  /** q, k and v of block l's attention from normalised input h [B*T, d]: 3 x [B*T, d]. */
  private qkv(h: tf.Tensor2D, l: number): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
    const pre = `${blockPrefix(this.shape, l)}.attn`;
    const qkv = linear(h, this.p(`${pre}.W_QKV`), this.p(`${pre}.b_QKV`)); // [B*T, 3d]
    return tf.split(qkv, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  }

  /** Split rows [B*T, d] into heads: [B*H, T, dh]. */
  private toHeads(x: tf.Tensor2D, batch: number, T: number): tf.Tensor3D {
    const { dModel: d, heads: H } = this.shape;
    return tf.reshape(tf.transpose(tf.reshape(x, [batch, T, H, d / H]), [0, 2, 1, 3]), [batch * H, T, d / H]);
  }

  /** Block l's MLP on the residual x [N, d] (its LayerNorm included): [N, d]. */
  private mlp(x: tf.Tensor2D, l: number): tf.Tensor2D {
    const pre = blockPrefix(this.shape, l);
    const h = linear(layerNorm(x, this.p(`${pre}.ln2.w`), this.p(`${pre}.ln2.b`)), this.p(`${pre}.mlp.W_in`), this.p(`${pre}.mlp.b_in`)); // [N, 4d]
    return linear(gelu(h) as tf.Tensor2D, this.p(`${pre}.mlp.W_out`), this.p(`${pre}.mlp.b_out`)); // [N, d]
  }

  /** Causal multi-head self-attention on normalised input h [B*T, d] -> [B*T, d]. */
  private attention(h: tf.Tensor2D, l: number, batch: number, T: number, opts: ForwardOptions): tf.Tensor2D {
    const { dModel: d, heads: H } = this.shape;
    const dh = d / H;
    const pre = `${blockPrefix(this.shape, l)}.attn`;
    const [q, k, v] = this.qkv(h, l); // 3 x [B*T, d]
    const scores = tf.mul(tf.matMul(this.toHeads(q, batch, T), this.toHeads(k, batch, T), false, true), 1 / Math.sqrt(dh)); // [B*H, T, T]
    const masked = tf.add(tf.reshape(scores, [batch, H, T, T]), causalMask(this.maskCache, T)); // [B, H, T, T]
    const pattern = runHooks(opts.hooks, { name: hookNames.pattern(l), layer: l }, tf.softmax(masked)); // [B, H, T, T]
    const z = tf.matMul(tf.reshape(pattern, [batch * H, T, T]), this.toHeads(v, batch, T)); // [B*H, T, dh]
    const merged = tf.reshape(tf.transpose(tf.reshape(z, [batch, H, T, dh]), [0, 2, 1, 3]), [batch * T, d]) as tf.Tensor2D; // [B*T, d]
    return linear(merged, this.p(`${pre}.W_O`), this.p(`${pre}.b_O`)); // [B*T, d]
  }

  /** Block l: x + attn(ln1(x)), then + mlp(ln2(.)).  [B, T, d] -> [B, T, d]. */
  block(x: tf.Tensor3D, l: number, opts: ForwardOptions = {}): tf.Tensor3D {
    const [batch, T, d] = x.shape;
    const pre = blockPrefix(this.shape, l);
    const resPre = runHooks(opts.hooks, { name: hookNames.residPre(l), layer: l }, x);
    const x2 = tf.reshape(resPre, [batch * T, d]) as tf.Tensor2D; // [B*T, d]
    const attnOut = this.attention(layerNorm(x2, this.p(`${pre}.ln1.w`), this.p(`${pre}.ln1.b`)), l, batch, T, opts); // [B*T, d]
    const mid = runHooks(opts.hooks, { name: hookNames.residMid(l), layer: l }, tf.reshape(tf.add(x2, attnOut), [batch, T, d]));
    const mid2 = tf.reshape(mid, [batch * T, d]) as tf.Tensor2D; // [B*T, d]
    const post = tf.reshape(tf.add(mid2, this.mlp(mid2, l)), [batch, T, d]); // [B, T, d]
    return runHooks(opts.hooks, { name: hookNames.residPost(l), layer: l }, post) as tf.Tensor3D;
  }

  /** Final LayerNorm then unembedding of a residual stream: [B, T, d] -> logits [B, T, V]. */
  unembed(resid: tf.Tensor3D, opts: ForwardOptions = {}): tf.Tensor3D {
    const [batch, T, d] = resid.shape;
    const normed = layerNorm(tf.reshape(resid, [batch * T, d]), this.p('ln_final.w'), this.p('ln_final.b')); // [B*T, d]
    const hooked = runHooks(opts.hooks, { name: hookNames.lnFinal }, tf.reshape(normed, [batch, T, d])); // [B, T, d]
    const logits = matmulNoBias(tf.reshape(hooked, [batch * T, d]) as tf.Tensor2D, this.p('unembed.W_U')); // [B*T, V]
    return tf.reshape(logits, [batch, T, this.shape.vocabSize]);
  }

  /**
   * Logits [B, V] at one position per sequence (positions[b] in 0..T-1), for the answer-only loss.
   * The same function as forward()'s rows at those positions: a causal model's position p reads
   * nothing after p, and the last block's output at p needs its keys and values at every position
   * but its query, attention output and MLP only at p. So the last block runs those on B rows
   * instead of B*T (about a fifth fewer product FLOPs at L=4, a ninth at L=8); everything below it
   * runs as in forward(). No hooks: probes use forward().
   */
  forwardAt(ids: Int32Array, batch: number, positions: Int32Array): tf.Tensor2D {
    const T = ids.length / batch;
    const L = this.shape.layers;
    let x = this.embed(ids, batch); // [B, T, d]
    for (let l = 0; l < L - 1; l++) x = this.block(x, l);
    const { select, keyMask } = positionMasks(positions, T);
    const normed = layerNorm(this.lastBlockAt(x, L - 1, select, keyMask), this.p('ln_final.w'), this.p('ln_final.b')); // [B, d]
    return matmulNoBias(normed, this.p('unembed.W_U')); // [B, V]
  }

  /** Block l's output at one position per sequence (see forwardAt): [B, T, d] -> [B, d]. */
  private lastBlockAt(x: tf.Tensor3D, l: number, select: tf.Tensor3D, keyMask: tf.Tensor4D): tf.Tensor2D {
    const [batch, T, d] = x.shape;
    const { heads: H } = this.shape;
    const dh = d / H;
    const pre = blockPrefix(this.shape, l);
    const at = (t: tf.Tensor3D) => tf.sum(tf.mul(t, select), 1) as tf.Tensor2D; // [B, T, c] -> [B, c] at each position
    const h = layerNorm(tf.reshape(x, [batch * T, d]) as tf.Tensor2D, this.p(`${pre}.ln1.w`), this.p(`${pre}.ln1.b`)); // [B*T, d]
    const [q, k, v] = this.qkv(h, l); // 3 x [B*T, d]
    const query = tf.reshape(at(tf.reshape(q, [batch, T, d])), [batch * H, 1, dh]); // [B*H, 1, dh]
    const scores = tf.mul(tf.matMul(query, this.toHeads(k, batch, T), false, true), 1 / Math.sqrt(dh)); // [B*H, 1, T]
    const pattern = tf.softmax(tf.add(tf.reshape(scores, [batch, H, 1, T]), keyMask)); // [B, H, 1, T]
    const z = tf.reshape(tf.matMul(tf.reshape(pattern, [batch * H, 1, T]), this.toHeads(v, batch, T)), [batch, d]) as tf.Tensor2D; // [B, d]
    const mid = tf.add(at(x), linear(z, this.p(`${pre}.attn.W_O`), this.p(`${pre}.attn.b_O`))) as tf.Tensor2D; // [B, d]
    return tf.add(mid, this.mlp(mid, l)) as tf.Tensor2D; // [B, d]
  }

  /** Logits [B, T, V] for token ids laid out as [B*T]. */
  forward(ids: Int32Array, batch: number, opts: ForwardOptions = {}): tf.Tensor3D {
    let x = this.embed(ids, batch, opts); // [B, T, d]
    for (let l = 0; l < this.shape.layers; l++) x = this.block(x, l, opts);
    return this.unembed(x, opts);
  }

  dispose(): void {
    for (const m of this.maskCache.values()) m.dispose();
    this.maskCache.clear();
  }
}
