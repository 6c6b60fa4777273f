/**
 * D3 models whose mechanism is known by construction (compiled, see compiler.ts), the
 * ground truth every probe rule is proven on before it is trusted on trained models:
 *
 * - `sequential-op-K3` / `sequential-op-K6`: one composition step per layer; t_i is computed
 *   at its <op> (position 2i+2) by block i from t_{i-1} (two positions back) and g_i.
 * - `sequential-g-K3`: the same chain carried at g_i's position (2i+1); the <op> holds nothing.
 * - `lookup-early-K3`: block 1 gathers e0, g1..gk at <predict> and looks the answer up in a
 *   table of the training problems: the answer at layer 1, no intermediate, no generalisation.
 * - `lookup-late-K3`: the same table read by block K = 3: the answer first appears at layer K,
 *   where the old rule took a lookup for a sequential last step.
 * - `mixed-K3`: t1 at layer 1 (computed but never read), t2 at layer 1 straight from e0, g1, g2
 *   (a combined step), t3 at layer 2 from t2 and g3: critical layers 1, 1, 2, like the
 *   write-up's model A (L1, L1, L3, ...).
 */
import { heldOutSet, type Problem } from '../task/sampler.ts';
import { D3 } from '../task/d3.ts';
import { compose, prefixProducts } from '../task/group.ts';
import { inputLength, vocabFor } from '../task/tokens.ts';
import type { Transformer } from '../model/transformer.ts';
import { ARM_DEFAULTS, type ArmConfig } from '../train/defaults.ts';
import { unitsFor, WeightCompiler, type Term } from './compiler.ts';
import type { StepKind, Verdict } from '../probe/verdict.ts';

export interface GroundTruth {
  id: string;
  /** What the model does, in one sentence. */
  description: string;
  arm: ArmConfig;
  model: Transformer;
  /** What a correct probe must find. */
  expected: { verdict: Verdict; stepKinds: StepKind[]; chainPosition: 'op' | 'g' | null; generalises: boolean };
}

export interface GroundTruthOptions {
  /**
   * The run seed a lookup stands for: its table then leaves out that seed's held-out problems
   * (harness/task/held-out.ts, the arm's default heldOutFraction), as training would. Default:
   * no seed, a complete table (which generalises, being every problem there is).
   */
  seed?: number;
}

const E = D3.names.length;
const D_MODEL = 64;
const HEADS = 4;
const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, j) => from + j);

function groundTruthArm(name: string, K: number, layers: number, model: 'standard' | 'universal', hiddenUnits: number): ArmConfig {
  const mlpRatio = Math.ceil(hiddenUnits / D_MODEL);
  return { ...ARM_DEFAULTS, name, description: `ground truth: ${name}`, task: 'd3', K, layers, model, dModel: D_MODEL, heads: HEADS, mlpRatio };
}

/** Token, position and state features every model shares; the unembedding reads the state. */
function baseFeatures(c: WeightCompiler) {
  const vocab = vocabFor(D3);
  const tok = c.alloc('token', vocab.size);
  tok.forEach((dim, t) => c.embedToken(t, dim));
  const pos = c.alloc('position', inputLength(c.arm.K));
  pos.forEach((dim, p) => c.embedPosition(p, dim));
  const state = c.alloc('state', E);
  c.unembedState(state);
  return { tok, element: tok.slice(0, E), pos, state, op: tok[vocab.op]!, predict: tok[vocab.predict]! };
}

/** "The position's own state is empty": a veto on every state dimension. */
const vetoState = (state: readonly number[]): Term[] => state.map((s): Term => [s, -2]);
const clear = (c: WeightCompiler, block: number, dims: readonly number[]): void => dims.forEach((dim) => c.linearUnit(block, dim, dim, -1));

/** The chain at <op>/<predict>: state(p) = state(p - 2) . token(p - 1), and t1 = e0 . g1 at position 4. */
function opChainBlock(c: WeightCompiler, block: number, f: ReturnType<typeof baseFeatures>, scratch: { prevState: number[]; prevToken: number[]; e0: number[] }): void {
  const { prevState, prevToken, e0 } = scratch;
  c.head(block, { posDims: f.pos, target: (p) => p - 2, fallback: 0, from: f.state, to: prevState });
  c.head(block, { posDims: f.pos, target: (p) => p - 1, fallback: 0, from: f.element, to: prevToken });
  c.head(block, { posDims: f.pos, target: () => 1, fallback: 0, from: f.element, to: e0 });
  for (const a of range(E)) {
    for (const g of range(E)) {
      const out: Term[] = [[f.state[compose(D3, a, g)]!, 1]];
      c.andUnit(block, [[prevState[a]!, 1], [prevToken[g]!, 1], [f.op, 1], [f.predict, 1], ...vetoState(f.state)], 3, out);
      c.andUnit(block, [[e0[a]!, 1], [prevToken[g]!, 1], [f.pos[4]!, 1], ...vetoState(f.state)], 3, out);
    }
  }
}

/** (a) One step per layer at the <op> positions, standard or universal. */
export function sequentialAtOp(K: number, layers: number, model: 'standard' | 'universal' = 'universal'): GroundTruth {
  const id = `sequential-op-K${K}`;
  const c = new WeightCompiler(groundTruthArm(id, K, layers, model, unitsFor(2 * E * E, 3 * E)));
  const f = baseFeatures(c);
  const scratch = { prevState: c.alloc('prevState', E), prevToken: c.alloc('prevToken', E), e0: c.alloc('e0', E) };
  for (const block of range(model === 'universal' ? 1 : layers)) {
    opChainBlock(c, block, f, scratch);
    clear(c, block, [...scratch.prevState, ...scratch.prevToken, ...scratch.e0]);
  }
  return {
    id,
    description: `${model} L${layers}: block i computes t_i at its <op> from t_{i-1} two positions back and g_i; nothing else`,
    arm: c.arm,
    model: c.build(),
    expected: { verdict: 'sequential', stepKinds: range(K).map(() => 'sequential'), chainPosition: 'op', generalises: true },
  };
}

/** (e) One step per layer carried at g_i's position (2i+1); <predict> takes the last step from g_{k-1}'s position. */
export function sequentialAtOperand(K: number, layers: number): GroundTruth {
  const id = `sequential-g-K${K}`;
  const c = new WeightCompiler(groundTruthArm(id, K, layers, 'universal', unitsFor(4 * E * E, 4 * E)));
  const f = baseFeatures(c);
  const prevState = c.alloc('prevState', E);
  const state3 = c.alloc('state3Back', E);
  const prevToken = c.alloc('prevToken', E);
  const e0 = c.alloc('e0', E);
  c.head(0, { posDims: f.pos, target: (p) => p - 2, fallback: 0, from: f.state, to: prevState });
  c.head(0, { posDims: f.pos, target: (p) => p - 3, fallback: 0, from: f.state, to: state3 });
  c.head(0, { posDims: f.pos, target: (p) => p - 1, fallback: 0, from: f.element, to: prevToken });
  c.head(0, { posDims: f.pos, target: () => 1, fallback: 0, from: f.element, to: e0 });
  const operandPositions = range(K - 1).map((j) => f.pos[2 * j + 5]!); // g2 .. gK at 5, 7, ..., 2K+1
  for (const a of range(E)) {
    for (const g of range(E)) {
      const out: Term[] = [[f.state[compose(D3, a, g)]!, 1]];
      const veto = vetoState(f.state);
      c.andUnit(0, [[prevState[a]!, 1], [f.element[g]!, 1], ...operandPositions.map((d): Term => [d, 1]), ...veto], 3, out); // t_i at g_i, i >= 2
      c.andUnit(0, [[e0[a]!, 1], [f.element[g]!, 1], [f.pos[3]!, 1], ...veto], 3, out); // t_1 at g_1
      c.andUnit(0, [[state3[a]!, 1], [prevToken[g]!, 1], [f.predict, 1], ...veto], 3, out); // answer, k >= 2
      c.andUnit(0, [[e0[a]!, 1], [prevToken[g]!, 1], [f.predict, 1], [f.pos[4]!, 1], ...veto], 4, out); // answer, k = 1
    }
  }
  clear(c, 0, [...prevState, ...state3, ...prevToken, ...e0]);
  return {
    id,
    description: `universal L${layers}: block i computes t_i at g_i's position from t_{i-1} at g_{i-1}'s; the <op> positions hold nothing`,
    arm: c.arm,
    model: c.build(),
    expected: { verdict: 'sequential', stepKinds: range(K).map(() => 'sequential'), chainPosition: 'g', generalises: true },
  };
}

/** Every problem of length 1..K that the table keeps (the training problems). */
function tableProblems(K: number, heldOut: (p: Problem) => boolean): Problem[] {
  const out: Problem[] = [];
  const extend = (e0: number, gs: number[]): void => {
    if (gs.length > 0) {
      const intermediates = prefixProducts(D3, e0, gs);
      const p: Problem = { e0, gs: [...gs], intermediates, answer: intermediates.at(-1)! };
      if (!heldOut(p)) out.push(p);
    }
    if (gs.length < K) for (const g of range(E)) extend(e0, [...gs, g]);
  };
  for (const e0 of range(E)) extend(e0, []);
  return out;
}

/** (b), (c) A lookup table of the training problems at <predict>, read by block `answerBlock`. */
export function lookup(K: number, layers: number, answerBlock: number, opts: GroundTruthOptions = {}): GroundTruth {
  const id = answerBlock + 1 >= K ? `lookup-late-K${K}` : `lookup-early-K${K}`;
  const set = opts.seed === undefined ? null : heldOutSet(D3, K, opts.seed, ARM_DEFAULTS.heldOutFraction);
  const problems = tableProblems(K, (p) => set?.has(p.e0, p.gs) ?? false);
  const c = new WeightCompiler(groundTruthArm(id, K, layers, 'standard', unitsFor(problems.length, (K + 1) * E)));
  const f = baseFeatures(c);
  const slots = range(K + 1).map((j) => c.alloc(`slot${j}`, E)); // e0, g1..gK gathered at every position
  slots.forEach((slot, j) => c.head(0, { posDims: f.pos, target: () => 2 * j + 1, fallback: 0, from: f.element, to: slot }));
  for (const p of problems) {
    const tokens = [p.e0, ...p.gs];
    const match = tokens.map((t, j): Term => [slots[j]![t]!, 1]);
    const empty = slots.slice(tokens.length).flatMap((slot) => slot.map((d): Term => [d, -2]));
    c.andUnit(answerBlock, [...match, [f.predict, 1], ...empty], tokens.length + 1, [[f.state[p.answer]!, 1]]);
  }
  clear(c, answerBlock, slots.flat());
  return {
    id,
    description: `standard L${layers}: block 1 gathers e0, g1..gk at <predict>; block ${answerBlock + 1} looks the answer up in a table of ${problems.length} training problems`,
    arm: c.arm,
    model: c.build(),
    expected: { verdict: 'memorised', stepKinds: [...range(K - 1).map((): StepKind => 'absent'), 'lookup'], chainPosition: null, generalises: set === null },
  };
}

/** (d) t1 and t2 both at layer 1 (t2 straight from e0, g1, g2: a combined step), then t3 from t2. */
export function mixed(opts: { layers?: number } = {}): GroundTruth {
  const K = 3;
  const layers = opts.layers ?? 4;
  const id = 'mixed-K3';
  const c = new WeightCompiler(groundTruthArm(id, K, layers, 'standard', unitsFor(2 * E * E + E ** 3, 4 * E)));
  const f = baseFeatures(c);
  const scratch = { prevState: c.alloc('prevState', E), prevToken: c.alloc('prevToken', E), e0: c.alloc('e0', E) };
  const token3 = c.alloc('token3Back', E);
  for (const block of range(layers)) {
    opChainBlock(c, block, f, scratch);
    clear(c, block, [...scratch.prevState, ...scratch.prevToken, ...scratch.e0]);
  }
  // Block 1 also composes e0 . g1 . g2 at position 6 in one go (g1 sits three positions back).
  c.head(0, { posDims: f.pos, target: (p) => p - 3, fallback: 0, from: f.element, to: token3 });
  for (const a of range(E)) {
    for (const b of range(E)) {
      for (const g of range(E)) {
        const t2 = compose(D3, compose(D3, a, b), g);
        c.andUnit(0, [[scratch.e0[a]!, 1], [token3[b]!, 1], [scratch.prevToken[g]!, 1], [f.pos[6]!, 1], ...vetoState(f.state)], 4, [[f.state[t2]!, 1]]);
      }
    }
  }
  clear(c, 0, token3);
  return {
    id,
    description: `standard L${layers}: t1 at layer 1 (never read), t2 at layer 1 straight from e0, g1, g2 (combined), t3 at layer 2 from t2 and g3`,
    arm: c.arm,
    model: c.build(),
    expected: { verdict: 'partial', stepKinds: ['lookup', 'combined', 'sequential'], chainPosition: 'op', generalises: true },
  };
}

/** The ground-truth set the probe specs and docs/probe.md use. */
export function groundTruthModels(opts: GroundTruthOptions = {}): GroundTruth[] {
  return [
    sequentialAtOp(3, 4),
    sequentialAtOp(6, 8),
    sequentialAtOperand(3, 4),
    lookup(3, 4, 0, opts),
    lookup(3, 4, 2, opts),
    mixed(),
  ];
}
