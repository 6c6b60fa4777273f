/**
 * Train P seeds in one process as one model (harness/model/population.ts): seeds of one arm, or of
 * arms that share a model shape, batch and optimiser constants (population-key.ts). Every
 * parameter with a leading seed axis, every product batched over the seeds, AdamW per seed. Each
 * seed keeps its own init, data and evaluation streams (seed-data.ts), its own schedule, curriculum
 * switch, anneal, evaluations and stop (seed-run.ts, the rules of a seed trained alone). A seed that
 * stops leaves the population (its rows of the parameters and moments are dropped) and is handed to
 * `onSeedDone` at once, so its record and checkpoint are written while the others train on.
 *
 * On wasm each seed's arithmetic is that of its solo run (seed-fused.ts runs the solo kernels per
 * seed; every other operation is elementwise, per row or per sequence), so its losses, weights and
 * record equal `train()`'s bit for bit: specs/train/population.test.ts checks it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ArmConfig } from './defaults.ts';
import { evaluate } from './evaluate.ts';
import { seedBatchLoss, type LossPhase } from './loss.ts';
import type { Batch } from '../task/sampler.ts';
import { learningRate } from './schedule.ts';
import { SeedData } from './seed-data.ts';
import { SeedAdamW } from './seed-optimizer.ts';
import { SeedRun, type TrainResult } from './seed-run.ts';
import { modelShapeFor } from '../model/build.ts';
import { disposeParams, initialValues, makeParams, paramSpecs, type ModelShape, type Params } from '../model/params.ts';
import { PopulationModel } from '../model/population.ts';
import { Transformer } from '../model/transformer.ts';
import { stream } from '../util/prng.ts';
import { POPULATION_SHARED, populationKey } from './population-key.ts';

/** A member's identity: its arm's configuration and its seed. */
const canonicalArm = (m: PopulationMember): string => JSON.stringify({ ...m.arm, name: '', description: '', seed: m.seed });

export interface PopulationProgress {
  /** Steps taken by the population (every seed still in it has taken this many). */
  step: number;
  /** The largest step any seed still in it may reach (grows when a curriculum switches). */
  maxSteps: number;
  /** Seeds still training, and their phases. */
  active: number[];
  phases: LossPhase[];
  /** Seeds that have left (stopped, converged or diverged). */
  finished: number;
  size: number;
  /** Population steps per second (each moves every active seed one step). */
  stepsPerSecond: number;
}

/** One seed of a population: its arm (fields in POPULATION_SHARED equal across the population) and seed. */
export interface PopulationMember {
  arm: ArmConfig;
  seed: number;
}

export interface PopulationOptions {
  /** Member `index` has stopped: write its record and checkpoint. Its model is disposed when this returns. */
  onSeedDone: (index: number, result: TrainResult) => Promise<void> | void;
  onProgress?: (e: PopulationProgress) => void;
}

interface Member {
  index: number;
  arm: ArmConfig;
  seed: number;
  data: SeedData;
  run: SeedRun;
  /** Row of this seed in the population's parameters (changes when seeds leave). */
  row: number;
}

let populationCounter = 0;

/** Free a model and its parameters (a row's view, or a seed's own model). */
function releaseModel(model: Transformer): void {
  model.dispose();
  disposeParams(model.params);
}

/** Parameters restricted to `rows` (the seeds of one phase), from each parameter's per-seed slices (inside a gradient tape). */
function groupParams(slices: ReadonlyMap<string, tf.Tensor[]>, rows: readonly number[]): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, s] of slices) out.set(name, rows.length === 1 ? s[rows[0]!]! : tf.concat(rows.map((r) => s[r]!), 0));
  return out;
}

/**
 * The population's model, parameters [G, ...] and optimiser: `step` runs one update of every seed
 * still in it (Trainer.step for G seeds at once); `keep` drops the others. The bench times it bare.
 */
export class PopulationTrainer {
  readonly shape: ModelShape;
  private readonly model: PopulationModel;
  private params: Map<string, tf.Variable>;
  private readonly optimizer: SeedAdamW;

  constructor(members: readonly PopulationMember[]) {
    if (!members.length) throw new Error('a population needs at least one seed');
    const first = members[0]!.arm;
    const key = populationKey(first);
    for (const m of members) if (populationKey(m.arm) !== key) throw new Error(`arm '${m.arm.name}' cannot share a population with arm '${first.name}': ${POPULATION_SHARED.join(', ')} must be equal`);
    const ids = members.map((m) => canonicalArm(m));
    if (new Set(ids).size !== ids.length) throw new Error(`a population trains each seed of an arm once; got seeds ${members.map((m) => m.seed).join(', ')}`);
    this.shape = modelShapeFor(first);
    this.model = new PopulationModel(this.shape);
    const values = members.map(({ arm, seed }) => initialValues(modelShapeFor(arm), stream(seed, 'init')));
    this.params = new Map();
    const id = ++populationCounter;
    for (const spec of paramSpecs(this.shape)) {
      const n = spec.shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(members.length * n);
      values.forEach((v, g) => data.set(v.get(spec.name)!, g * n));
      this.params.set(spec.name, tf.tidy(() => tf.variable(tf.tensor(data, [members.length, ...spec.shape]), true, `population${id}.${spec.name}`)));
    }
    this.optimizer = new SeedAdamW(this.params, first);
  }

  /** Seeds in the population now. */
  get size(): number {
    return this.params.values().next().value!.shape[0]!;
  }

  /** One update of every seed: row g on batches[g] in phases[g] at learning rate lrs[g]. Each seed's loss and gradient norm. */
  async step(batches: readonly Batch[], phases: readonly LossPhase[], lrs: readonly number[]): Promise<{ loss: Float32Array; norm: Float32Array }> {
    const G = this.size;
    if (batches.length !== G || phases.length !== G || lrs.length !== G) throw new Error(`PopulationTrainer.step: ${G} seeds need ${G} batches, phases and learning rates`);
    const params = this.params;
    const groups = (['answer', 'full'] as const).map((phase) => ({ phase, rows: phases.flatMap((p, i) => (p === phase ? [i] : [])) })).filter((g) => g.rows.length);
    const stats = tf.tidy(() => {
      let losses: tf.Tensor1D | null = null;
      const vars = [...params.values()];
      const names = [...params.keys()];
      const { grads } = tf.variableGrads(() => {
        // Seeds in two phases: each parameter split into its seeds once, then regrouped per phase.
        const slices = groups.length > 1 ? new Map([...params].map(([name, p]) => [name, tf.split(p, G, 0)])) : null;
        const parts = groups.map(({ phase, rows }) => seedBatchLoss(this.model, slices ? groupParams(slices, rows) : params, rows.map((r) => batches[r]!), phase));
        losses = tf.keep(parts.length === 1 ? parts[0]! : (tf.concat(parts) as tf.Tensor1D));
        return tf.sum(losses) as tf.Scalar;
      }, vars);
      const named: tf.NamedTensorMap = {};
      names.forEach((n, i) => (named[n] = grads[vars[i]!.name]!));
      const norms = this.optimizer.apply(named, lrs);
      const kept = losses as unknown as tf.Tensor1D;
      const out = tf.concat([kept, norms]);
      kept.dispose();
      return out;
    });
    const read = (await stats.data()) as Float32Array;
    stats.dispose();
    const loss = new Float32Array(G);
    groups.flatMap((g) => g.rows).forEach((row, i) => (loss[row] = read[i]!)); // losses come phase group by group
    return { loss, norm: read.slice(G, 2 * G) };
  }

  /** Seed row `row` as one seed's model (tensors, not variables: for evaluations and probes; release it after). */
  rowModel(row: number): Transformer {
    const view = new Map<string, tf.Tensor>();
    for (const spec of paramSpecs(this.shape)) {
      const p = this.params.get(spec.name)!;
      view.set(spec.name, tf.tidy(() => tf.reshape(tf.slice(p, [row, ...spec.shape.map(() => 0)], [1, ...spec.shape]), [...spec.shape])));
    }
    return new Transformer(this.shape, view as unknown as Params);
  }

  /** Seed row `row` as a model of its own (fresh variables, as `train` returns), after reading its values. */
  async ownModel(row: number): Promise<Transformer> {
    const view = this.rowModel(row);
    const values = new Map<string, Float32Array>();
    for (const [name, t] of view.params) values.set(name, (await t.data()) as Float32Array);
    releaseModel(view);
    return new Transformer(this.shape, makeParams(this.shape, values));
  }

  /** Keep the seeds at `rows` (in that order) and drop the rest. */
  keep(rows: readonly number[]): void {
    const idx = tf.tensor1d(Int32Array.from(rows), 'int32');
    const next = new Map<string, tf.Variable>();
    const id = ++populationCounter;
    for (const [name, p] of this.params) next.set(name, tf.tidy(() => tf.variable(tf.gather(p, idx), true, `population${id}.${name}`)));
    idx.dispose();
    this.optimizer.keep(rows, next);
    for (const p of this.params.values()) p.dispose();
    this.params = next;
  }

  dispose(): void {
    this.optimizer.dispose();
    for (const p of this.params.values()) p.dispose();
    this.model.dispose();
  }
}

/**
 * Train the members as one population on the current tfjs backend; each member's result goes to
 * opts.onSeedDone when it stops. Resolves when every member has stopped.
 */
export async function trainPopulation(seeds: readonly PopulationMember[], opts: PopulationOptions): Promise<void> {
  if (!seeds.length) return;
  const started = performance.now();
  const trainer = new PopulationTrainer(seeds);
  let probeMs = 0;
  const members: Member[] = seeds.map(({ arm, seed }, row) => {
    const data = new SeedData(arm, seed);
    const member: Member = { index: row, arm, seed, data, row, run: undefined as unknown as SeedRun };
    member.run = new SeedRun(arm, seed, {
      evaluate: async () => {
        const m = trainer.rowModel(member.row);
        try {
          return await evaluate(m, data.group, arm.K, data.evalSet);
        } finally {
          releaseModel(m);
        }
      },
      model: async () => {
        const m = trainer.rowModel(member.row);
        const t = performance.now();
        return { model: m, release: () => ((probeMs += performance.now() - t), releaseModel(m)) };
      },
    });
    return member;
  });

  let active = members;
  let step = 0;
  let rateMark = { step: 0, time: started, probeMs: 0 };
  let stepsPerSecond = 0;
  try {
    while (active.length) {
      step += 1;
      const { loss, norm } = await trainer.step(
        active.map((m) => m.data.sampler.batch(m.arm.batchSize)),
        active.map((m) => m.run.schedule.phase),
        active.map((m) => learningRate(m.arm, step, m.run.schedule.annealFrom)),
      );
      const leaving: Member[] = [];
      for (const [i, m] of active.entries()) {
        const goOn = await m.run.afterStep(step, loss[i]!, norm[i]!);
        if (!goOn || step >= m.run.schedule.stopAt) leaving.push(m);
      }
      for (const m of leaving) {
        const own = await trainer.ownModel(m.row);
        try {
          const result = await m.run.finish(step, own, m.data, 0);
          result.wallMs = performance.now() - started - probeMs;
          result.population = seeds.length;
          await opts.onSeedDone(m.index, result);
        } finally {
          releaseModel(own);
        }
      }
      if (leaving.length) {
        active = active.filter((m) => !leaving.includes(m));
        if (active.length) trainer.keep(active.map((m) => m.row));
        active.forEach((m, row) => (m.row = row));
      }
      if (opts.onProgress && (step % 10 === 0 || step === 1 || leaving.length)) {
        const now = performance.now();
        const spent = now - rateMark.time - (probeMs - rateMark.probeMs);
        if (spent > 0) stepsPerSecond = ((step - rateMark.step) * 1000) / spent;
        if (step % 100 === 0) rateMark = { step, time: now, probeMs };
        opts.onProgress({
          step,
          maxSteps: Math.max(step, ...active.map((m) => m.run.schedule.stopAt)),
          active: active.map((m) => m.seed),
          phases: active.map((m) => m.run.schedule.phase),
          finished: seeds.length - active.length,
          size: seeds.length,
          stepsPerSecond,
        });
      }
    }
  } finally {
    trainer.dispose();
  }
}
