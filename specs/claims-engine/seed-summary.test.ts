/**
 * summariseSeed reads the probe's `fromOnset` (or `fromCritical` in probe results written before
 * the rename) and the verdict at the curriculum's switch (absent in records from before it).
 */
import { describe, expect, it } from 'vitest';
import { hasOutcome, summariseSeed } from '../../harness/claims/seed-summary.ts';
import type { ProbeResult } from '../../harness/probe/result.ts';
import type { RunRecord } from '../../harness/train/record.ts';

const pair = (zero: number) => ({ zero, mean: zero + 0.01 });

function record(curriculum: Record<string, unknown>): RunRecord {
  return {
    seed: 7,
    outcome: 'converged',
    stepsToTarget: 900,
    steps: 1000,
    wallMs: 5000,
    final: { answerAccuracy: 0.995 },
    curriculum: { switchedAtStep: 600, ...curriculum },
    backend: { name: 'wasm', device: 'cpu' },
  } as unknown as RunRecord;
}

function probe(onsetField: 'fromOnset' | 'fromCritical'): ProbeResult {
  return {
    verdict: 'sequential',
    staircase: true,
    sequentialSteps: 3,
    criticalLayers: [1, 2, 3],
    ablation: { baselineAccuracy: 1, perIntermediate: [1, 2].map((i) => ({ i, layer: i, layerSource: 'critical', afterCritical: pair(0.98), [onsetField]: pair(i === 1 ? 0.3 : 0.4) })) },
  } as unknown as ProbeResult;
}

describe('summariseSeed', () => {
  it('takes the switch verdict from curriculum.atSwitch and the from-onset accuracies from fromOnset', () => {
    const s = summariseSeed('c', 'smoke', 'k', record({ atSwitch: { step: 600, verdict: 'sequential', sequentialSteps: 3, criticalLayers: [1, 2, 3] } }), probe('fromOnset'));
    expect(s.switchVerdict).toBe('sequential');
    expect(hasOutcome(s, 'sequential-at-switch')).toBe(true);
    expect(s.ablation.map((a) => a.fromOnset.zero)).toEqual([0.3, 0.4]);
    expect(s.metrics).toMatchObject({ switchedAtStep: 600, sequentialSteps: 3, stepsToTarget: 900 });
  });

  it('reads records without atSwitch (null) and probe results that still say fromCritical', () => {
    const s = summariseSeed('c', 'smoke', 'k', record({}), probe('fromCritical'));
    expect(s.switchVerdict).toBeNull();
    expect(hasOutcome(s, 'sequential-at-switch')).toBe(false);
    expect(s.ablation.map((a) => a.fromOnset.zero)).toEqual([0.3, 0.4]);
    expect(summariseSeed('c', 'smoke', 'k', record({ atSwitch: null }), probe('fromOnset')).switchVerdict).toBeNull();
  });
});
