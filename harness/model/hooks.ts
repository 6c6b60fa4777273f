import type * as tf from '@tensorflow/tfjs-core';

/**
 * Hook points, named after TransformerLens and derived from the structure:
 *   hook_embed, hook_pos_embed, blocks.{l}.hook_resid_pre, blocks.{l}.attn.hook_pattern,
 *   blocks.{l}.hook_resid_mid, blocks.{l}.hook_resid_post, ln_final.hook_normalized.
 * Residual activations are [batch, pos, dModel]; the pattern is [batch, head, query, key].
 */
export const hookNames = {
  embed: 'hook_embed',
  posEmbed: 'hook_pos_embed',
  residPre: (l: number) => `blocks.${l}.hook_resid_pre`,
  residMid: (l: number) => `blocks.${l}.hook_resid_mid`,
  residPost: (l: number) => `blocks.${l}.hook_resid_post`,
  pattern: (l: number) => `blocks.${l}.attn.hook_pattern`,
  lnFinal: 'ln_final.hook_normalized',
} as const;

export interface HookPoint {
  readonly name: string;
  /** Block index, when the hook sits inside a block. */
  readonly layer?: number;
}

/** Reads (returns nothing) or replaces (returns a tensor of the same shape) an activation. */
export type HookFn = (activation: tf.Tensor, hook: HookPoint) => tf.Tensor | void;

/** A hook bound to one name, or to every name a predicate accepts. */
export type HookBinding = readonly [string | ((name: string) => boolean), HookFn];

/** Every hook point name of a model with `layers` blocks, in forward order. */
export function allHookNames(layers: number): string[] {
  const names: string[] = [hookNames.embed, hookNames.posEmbed];
  for (let l = 0; l < layers; l++) {
    names.push(hookNames.residPre(l), hookNames.pattern(l), hookNames.residMid(l), hookNames.residPost(l));
  }
  names.push(hookNames.lnFinal);
  return names;
}

/** Run the bound hooks for `point` in order; each sees the previous one's output. */
export function runHooks(bindings: readonly HookBinding[] | undefined, point: HookPoint, activation: tf.Tensor): tf.Tensor {
  if (!bindings || bindings.length === 0) return activation;
  let value = activation;
  for (const [match, fn] of bindings) {
    const hit = typeof match === 'string' ? match === point.name : match(point.name);
    if (!hit) continue;
    const out = fn(value, point);
    if (out !== undefined) {
      if (out.shape.join(',') !== value.shape.join(',')) {
        throw new Error(`hook on ${point.name} returned shape [${out.shape}] but the activation is [${value.shape}]`);
      }
      value = out;
    }
  }
  return value;
}

/** A hook that stores activations in `cache` under their hook name (the caller disposes them). */
export function cacheHook(cache: Map<string, tf.Tensor>, keep: (t: tf.Tensor) => tf.Tensor): HookFn {
  return (activation, hook) => {
    cache.set(hook.name, keep(activation));
  };
}
