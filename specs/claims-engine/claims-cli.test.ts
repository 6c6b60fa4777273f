import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir, validClaimData, writeClaim } from './helpers.ts';

describe('staircase validate', () => {
  it('prints ok for every shipped claim file and exits 0', async () => {
    const r = await runCli(['validate']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok\s+specs\/claims\/full-sequence-memorises\.yaml$/m);
    expect(r.stdout).toMatch(/(\d+) of \1 claim files ok/);
  });

  it('lists every problem of a bad file with did-you-mean, keeps checking the good ones, and exits 2', async () => {
    const dir = tmpDir();
    const good = writeClaim(dir, 'test-claim.yaml', validClaimData());
    const bad = validClaimData();
    bad.id = 'bad-claim';
    (bad.arms as Record<string, object>)['universal-answer-only'] = { model: 'universal', layrs: 3 };
    (bad.expect as Record<string, unknown>[])[0]!.arm = 'universal-answer-onl';
    writeClaim(dir, 'bad-claim.yaml', bad);
    const r = await runCli(['validate', dir]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(`ok   ${good}`);
    expect(r.stdout).toContain(`bad  ${path.join(dir, 'bad-claim.yaml')}: 1 problem`);
    expect(r.stdout).toContain('unknown field `layrs` in `arms.universal-answer-only` (did you mean `layers`?)');
    expect(r.stdout).toContain('1 of 2 claim files ok, 1 bad');
    // once the schema passes, the cross-field checks speak
    (bad.arms as Record<string, object>)['universal-answer-only'] = { model: 'universal' };
    const file = writeClaim(dir, 'bad-claim.yaml', bad);
    const again = await runCli(['validate', file]);
    expect(again.exitCode).toBe(2);
    expect(again.stdout).toContain('`expect.0.arm`: unknown arm `universal-answer-onl` (did you mean `universal-answer-only`?)');
  });

  it('reports a missing file or folder and teaches with --help', async () => {
    const missing = await runCli(['validate', 'no/such/claim.yaml']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toContain('no such file');
    const help = await runCli(['validate', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('kinds: rate | compare | ablation | metric');
  });
});

describe('warnings for expectations a tier can never decide', () => {
  it('validate and ls print them and still exit 0', async () => {
    const dir = tmpDir();
    const data = validClaimData();
    (data.tiers as Record<string, Record<string, unknown>>).smoke = { seeds: 4, maxSeeds: 4, roundSize: 4 };
    data.expect = [{ kind: 'rate', arm: 'universal-answer-only', outcome: 'sequential', atLeast: 0.8 }, { kind: 'rate', arm: 'standard-full-sequence', outcome: 'memorised', atLeast: 0.3 }];
    const file = writeClaim(dir, 'test-claim.yaml', data);
    const warning = 'tier smoke: expect.0: 4 seeds cannot confirm sequential >= 0.8 (4/4 gives a lower bound of 0.40)';
    const validate = await runCli(['validate', file]);
    expect(validate.exitCode, validate.stderr).toBe(0);
    expect(validate.stdout).toContain(`ok   ${file}\n       warn: ${warning}\n`);
    expect(validate.stdout).toContain('1 of 1 claim file ok; 2 warnings (expectations a tier can never decide)');
    const ls = await runCli(['ls', '--claims', dir, '--tier', 'smoke']);
    expect(ls.exitCode, ls.stderr).toBe(0);
    expect(ls.stdout.trim().split('\n').slice(-2)).toEqual([`warn: test-claim: ${warning}`, 'warn: test-claim: tier smoke: expect.1: 4 seeds cannot refute memorised >= 0.3 (0/4 gives an upper bound of 0.60)']);
  });
});

describe('staircase ls', () => {
  it('lists the shipped claims with arms, expectation counts and seeds per tier', async () => {
    const r = await runCli(['ls']);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^claim\s+arms\s+exp\s+seeds smoke\s+seeds nightly\s+seeds full\s+statement$/);
    expect(lines.find((l) => l.startsWith('critical-layer-ablation@2'))).toMatch(/universal-answer-only, standard-full-sequence\s+4\s+1\s+8\.\.64 by 8 from 1001\s+32\.\.64 by 8\s+Zeroing/);
  });

  it('--tier shows that tier and the sizes its arms resolve to; an unknown tier gets a did-you-mean', async () => {
    const r = await runCli(['ls', '--tier', 'full']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^claim\s+arms\s+exp\s+seeds full\s+size full\s+statement$/);
    expect(r.stdout).toMatch(/binary-shortcut-single-layer@2 .* binary K6 L1 d96 /);
    const typo = await runCli(['ls', '--tier', 'smok']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/unknown tier `smok` \(did you mean `smoke`\?\)/);
  });

  it('refuses an invalid pack, naming the file and the problem', async () => {
    const dir = tmpDir();
    const data = validClaimData();
    (data.tiers as Record<string, Record<string, unknown>>).smoke!.maxSeeds = 2;
    writeClaim(dir, 'test-claim.yaml', data);
    const r = await runCli(['ls', '--claims', dir]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'test-claim.yaml')}: \`tiers.smoke.maxSeeds\` (2) must be >= \`tiers.smoke.seeds\` (4)`);
    const flag = await runCli(['ls', '--claim', dir]);
    expect(flag.stderr).toContain('did you mean --claims?');
  });
});
