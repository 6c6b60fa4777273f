import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClaimFiles, listClaimFiles, loadClaimFile, loadClaimPack, resolveClaimArms } from '../../harness/claims/load-claims.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { ValidationError } from '../../harness/util/schema.ts';
import { tmpDir, validClaimData, writeClaim } from './helpers.ts';

const PACK = path.join(PACKAGE_ROOT, 'specs', 'claims');

/** The problems of a claim file written from `data` (named test-claim.yaml unless said). */
function problemsOf(data: unknown, name = 'test-claim.yaml'): string[] {
  const file = writeClaim(tmpDir(), name, data);
  try {
    loadClaimFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).file).toBe(file);
    expect((error as ValidationError).message).toContain(file);
    return (error as ValidationError).problems;
  }
  throw new Error('expected the claim to be rejected');
}

describe('claim files: schema', () => {
  it('accepts a valid claim and fills in the defaults', () => {
    const claim = loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', validClaimData()));
    expect(claim.confidence).toBe(0.95);
    expect(claim.expect[1]).toMatchObject({ kind: 'compare', minDifference: 0 });
    expect(claim.tiers.smoke).toMatchObject({ overrides: { K: 2 }, armOverrides: {} });
  });

  it('names an unknown top-level or arm field with a did-you-mean', () => {
    const data = validClaimData();
    data.statment = data.statement;
    delete data.statement;
    (data.arms as Record<string, object>)['universal-answer-only'] = { model: 'universal', layrs: 3 };
    const problems = problemsOf(data);
    expect(problems).toContain('missing required field `statement`');
    expect(problems.some((p) => /unknown field `statment` \(did you mean `statement`\?\)/.test(p))).toBe(true);
    expect(problems.some((p) => /unknown field `layrs` in `arms.universal-answer-only` \(did you mean `layers`\?\)/.test(p))).toBe(true);
  });

  it('checks tier overrides as arm fields, bad enums, and the kind-specific fields of expectations', () => {
    const data = validClaimData();
    (data.tiers as Record<string, Record<string, unknown>>).smoke!.overrides = { heds: 4, loss: 'answer_only' };
    data.expect = [{ kind: 'rate', arm: 'universal-answer-only', outcome: 'sequental', atLeast: 0.5, atMost: 0.2 }, { kind: 'ratio' }, { kind: 'metric', metric: 'steps', arms: ['universal-answer-only', 'standard-full-sequence'], direction: 'up' }];
    const problems = problemsOf(data);
    expect(problems).toContain('`expect.0` must give exactly one of `atLeast` or `atMost`');
    expect(problems.some((p) => p.startsWith('`expect.0.outcome` must be one of "sequential"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('`expect.1.kind` must be one of "rate", "compare", "ablation", "metric"'))).toBe(true);
    expect(problems).toContain('`expect.2.direction` must be one of "lower", "higher"; got "up"');
    expect(problems.some((p) => p.startsWith('`expect.0.outcome` must be one of') && p.endsWith('got "sequental" (did you mean `sequential`?)'))).toBe(true);
    expect(problems.some((p) => /unknown field `heds` in `tiers.smoke.overrides` \(did you mean `heads`\?\)/.test(p))).toBe(true);
    expect(problems.some((p) => p.includes('then'))).toBe(false); // the if/then plumbing is not shown
  });

  it('rejects rate thresholds of 0 or 1, no tier at all, and non-kebab arm names', () => {
    const data = validClaimData();
    data.expect = [{ kind: 'rate', arm: 'universal-answer-only', outcome: 'sequential', atLeast: 1 }];
    data.tiers = {};
    (data.arms as Record<string, object>).Bad_Arm = {};
    const problems = problemsOf(data);
    expect(problems.some((p) => p.startsWith('`expect.0.atLeast` must be < 1'))).toBe(true);
    expect(problems.some((p) => p.startsWith('`tiers` must') && p.includes('1'))).toBe(true);
    expect(problems.some((p) => p.includes('names in `arms` must be kebab-case') && p.includes('`Bad_Arm`'))).toBe(true);
  });
});

describe('claim files: cross-field checks', () => {
  it('names an unknown arm in expect with a did-you-mean', () => {
    const data = validClaimData();
    (data.expect as Record<string, unknown>[])[0]!.arm = 'universal-answer-onyl';
    const problems = problemsOf(data);
    expect(problems.some((p) => p.startsWith('`expect.0.arm`: unknown arm `universal-answer-onyl` (did you mean `universal-answer-only`?)'))).toBe(true);
  });

  it('requires maxSeeds >= seeds, known arms in armOverrides, and every arm used', () => {
    const data = validClaimData();
    (data.tiers as Record<string, Record<string, unknown>>).full!.maxSeeds = 16;
    (data.tiers as Record<string, Record<string, unknown>>).smoke!.armOverrides = { 'universal-answer-onl': { maxSteps: 10 } };
    (data.arms as Record<string, object>)['spare-arm'] = {};
    const problems = problemsOf(data);
    expect(problems).toContain('`tiers.full.maxSeeds` (16) must be >= `tiers.full.seeds` (32)');
    expect(problems.some((p) => p.startsWith('`tiers.smoke.armOverrides.universal-answer-onl`: unknown arm') && p.includes('did you mean `universal-answer-only`'))).toBe(true);
    expect(problems.some((p) => p.startsWith('`arms.spare-arm` is not used by any expectation'))).toBe(true);
  });

  it('requires the file to be named <id>.yaml', () => {
    const problems = problemsOf(validClaimData(), 'other-name.yaml');
    expect(problems).toEqual(['`id` is `test-claim` but the file is named `other-name.yaml`: name the file `test-claim.yaml` (or change the id)']);
  });

  it('resolves every arm in every tier, so heads not dividing dModel after tier overrides is caught', () => {
    const data = validClaimData();
    (data.tiers as Record<string, Record<string, Record<string, unknown>>>).full!.overrides!.heads = 5;
    const problems = problemsOf(data);
    expect(problems).toHaveLength(2); // both arms
    expect(problems[0]).toMatch(/^`tiers\.full`, arm `universal-answer-only` \(defaults <- tiers\.full\.overrides <- arms\.universal-answer-only <- tiers\.full\.armOverrides\.universal-answer-only\): `heads` \(5\) must divide `dModel` \(96\): use heads 4 or 6, or another dModel$/);
  });

  it('checks ablation intermediates against K in every tier', () => {
    const data = validClaimData();
    data.expect = [
      { kind: 'ablation', arm: 'universal-answer-only', verdict: 'sequential', ablation: 'fromOnset', intermediates: [1, 3], atMost: 0.5 },
      { kind: 'rate', arm: 'standard-full-sequence', outcome: 'memorised', atLeast: 0.5 },
    ];
    expect(problemsOf(data)).toEqual(['`expect.0.intermediates`: 3 not ablated in tier `smoke` (K = 2: t_1..t_1 are ablated)']);
  });

  it('says that fromCritical was renamed fromOnset, and that failed seeds have no mechanism to ablate', () => {
    const data = validClaimData();
    data.expect = [
      { kind: 'ablation', arm: 'universal-answer-only', verdict: 'sequential', ablation: 'fromCritical', atMost: 0.5 },
      { kind: 'ablation', arm: 'standard-full-sequence', verdict: 'failed', ablation: 'afterCritical', atLeast: 0.9 },
    ];
    expect(problemsOf(data)).toEqual([
      "`expect.0.ablation`: `fromCritical` was renamed `fromOnset` (the ablation starts at t_i's onset layer a_i, not at its critical layer); write `ablation: fromOnset`",
      '`expect.1.verdict`: `failed` seeds did not learn, so they have no mechanism to ablate; judge `sequential`, `partial` or `memorised` seeds',
    ]);
  });

  it('checks `given`: a mechanism outcome with a did-you-mean, not the outcome itself, and sequential-at-switch only on a curriculum arm', () => {
    const data = validClaimData();
    data.expect = [
      { kind: 'rate', arm: 'universal-answer-only', outcome: 'sequential', given: 'sequential-at-swich', atLeast: 0.5 },
      { kind: 'rate', arm: 'standard-full-sequence', outcome: 'memorised', atLeast: 0.5 },
    ];
    const [typo] = problemsOf(data);
    expect(typo).toMatch(/^`expect\.0\.given` must be one of "sequential", .*; got "sequential-at-swich" \(did you mean `sequential-at-switch`\?\)$/);
    data.expect = [
      { kind: 'rate', arm: 'universal-answer-only', outcome: 'converged', given: 'sequential', atLeast: 0.5 },
      { kind: 'rate', arm: 'standard-full-sequence', outcome: 'memorised', given: 'memorised', atLeast: 0.5 },
      { kind: 'rate', arm: 'universal-answer-only', outcome: 'sequential', given: 'sequential-at-switch', atLeast: 0.5 },
    ];
    expect(problemsOf(data)).toEqual([
      '`expect.0.outcome`: `converged` is a training outcome (counted among all seeds), but `given` counts among the learned seeds with `sequential`; use one of sequential, partial, memorised, staircase, sequential-at-switch, or drop `given`',
      '`expect.1.given` equals `outcome` (`memorised`): that rate is 1 by definition',
      '`expect.2.given`: `sequential-at-switch` needs a curriculum arm, but `universal-answer-only` trains with loss `answer-only` in tier `smoke` (no switch, so no probe at it)',
      '`expect.2.given`: `sequential-at-switch` needs a curriculum arm, but `universal-answer-only` trains with loss `answer-only` in tier `full` (no switch, so no probe at it)',
    ]);
    (data.arms as Record<string, Record<string, unknown>>)['universal-answer-only']!.loss = 'curriculum';
    data.expect = [
      { kind: 'rate', arm: 'universal-answer-only', outcome: 'sequential', given: 'sequential-at-switch', atLeast: 0.5 },
      { kind: 'rate', arm: 'standard-full-sequence', outcome: 'memorised', atLeast: 0.5 },
    ];
    const claim = loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', data));
    expect(claim.expect[0]).toMatchObject({ outcome: 'sequential', given: 'sequential-at-switch' });
  });

  it('requires claim ids to be unique across files', () => {
    const a = writeClaim(tmpDir(), 'test-claim.yaml', validClaimData());
    const b = writeClaim(tmpDir(), 'test-claim.yaml', validClaimData());
    const checks = checkClaimFiles([a, b]);
    expect(checks[0]!.claim?.id).toBe('test-claim');
    expect(checks[1]!.error?.problems).toEqual([`\`id\`: \`test-claim\` is also the id of ${a}; claim ids must be unique in a pack`]);
  });
});

describe('the shipped claim pack', () => {
  it('every file validates, one claim per write-up claim', () => {
    const files = listClaimFiles(PACK);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const check of checkClaimFiles(files)) expect(check.error?.message, check.file).toBeUndefined();
  });

  it('every claim has smoke, nightly and full tiers at the stated sizes (the one-layer binary arm keeps its own K, init and lr; the conditional curriculum claim more nightly seeds)', () => {
    const cpu = { K: 3, dModel: 64, heads: 4, batchSize: 96, lr: 0.002, schedule: 'anneal', initStd: 0.1, warmupSteps: 100, fullSteps: 500 };
    const sizes = [
      ['smoke', { ...cpu, maxSteps: 2000 }],
      ['nightly', cpu],
      ['full', { K: 6, dModel: 96, heads: 6, batchSize: 256, lr: 0.001 }],
    ] as const;
    for (const claim of loadClaimPack(PACK)) {
      for (const [tier, size] of sizes) {
        for (const [name, arm] of Object.entries(resolveClaimArms(claim, tier))) {
          const own = name === 'binary-one-layer' ? { K: 6, initStd: 0.02, lr: 0.001, layers: 1 } : {};
          expect(arm, `${claim.id} ${tier} ${name}`).toMatchObject({ ...size, ...own });
        }
      }
      for (const [name, arm] of Object.entries(resolveClaimArms(claim, 'nightly'))) expect(arm.maxSteps, `${claim.id} ${name}`).toBe(name === 'standard-full-sequence' ? 12000 : name === 'universal-full-sequence' ? 8000 : 3000);
      expect(claim.tiers.full).toMatchObject({ seeds: 32, maxSeeds: 64, firstSeed: 1, gate: 'claims' });
      // A conditional rate (only the seeds sequential at the switch count) gets four times the seeds.
      const conditional = claim.id === 'curriculum-keeps-staircase';
      expect(claim.tiers.nightly).toMatchObject({ seeds: 8, maxSeeds: conditional ? 256 : 64, roundSize: conditional ? 32 : 8, firstSeed: 1001, gate: 'claims' });
      expect(claim.tiers.smoke).toMatchObject({ seeds: 1, maxSeeds: 1, roundSize: 1, firstSeed: 1, gate: 'replay' });
    }
  });

  it('the binary control keeps its single layer through the tier overrides', () => {
    const claim = loadClaimPack(PACK).find((c) => c.id === 'binary-shortcut-single-layer')!;
    expect(resolveClaimArms(claim, 'full')['binary-one-layer']).toMatchObject({ task: 'binary', layers: 1, name: 'binary-one-layer' });
  });

  it('resolveClaimArms names an unknown tier with a did-you-mean', () => {
    const [claim] = loadClaimPack(PACK);
    expect(() => resolveClaimArms(claim!, 'ful')).toThrow(/unknown tier `ful` \(did you mean `full`\?\)/);
  });
});

describe('claim packs: across files', () => {
  it('an arm name must mean one configuration across the pack', () => {
    const a = writeClaim(tmpDir(), 'test-claim.yaml', validClaimData());
    const other = validClaimData();
    other.id = 'other-claim';
    (other.arms as Record<string, Record<string, unknown>>)['standard-full-sequence']!.loss = 'curriculum';
    const b = writeClaim(tmpDir(), 'other-claim.yaml', other);
    const [first, second] = checkClaimFiles([a, b]);
    expect(first!.error).toBeUndefined();
    expect(second!.error?.problems[0]).toBe(`\`arms.standard-full-sequence\` in tier \`smoke\` differs from the arm of the same name in ${a} (loss: curriculum vs full-sequence); an arm name must mean one configuration across the pack, so rename one`);
  });
});
