/**
 * What a new user meets: each bad input seen on a fresh clone gets one line on stderr naming the
 * file or flag, the field and the fix, exit code 2, and no stack trace; `--version` and
 * `help CMD` work.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'staircase-bad-input-'));
const file = (name: string, text: string): string => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
/** A run folder from `staircase train` (a committed fixture). */
const RUN = path.join(PACKAGE_ROOT, 'fixtures', 'memorised-k2-l1');

/** A claim pack of one claim whose one expectation has `kind: rates`. */
function packWithKindTypo(): string {
  const pack = mkdtempSync(path.join(dir, 'pack-'));
  const tiny = readFileSync(path.join(PACKAGE_ROOT, 'specs/report/tiny-claims/tiny-budget.yaml'), 'utf8');
  writeFileSync(path.join(pack, 'tiny-budget.yaml'), `${tiny.slice(0, tiny.indexOf('expect:'))}expect:\n  - kind: rates\n    arm: tiny-standard\n    outcome: converged\n    atMost: 0.9\n`);
  return pack;
}

const CASES: { name: string; args: () => string[]; fix: RegExp }[] = [
  { name: 'probe of a folder that does not exist', args: () => ['probe', path.join(dir, 'missing')], fix: /^staircase probe: no folder .*missing: give the --out folder of a `staircase train` run$/ },
  { name: 'probe of a folder without a checkpoint', args: () => ['probe', dir], fix: /has no checkpoint\/config\.json: give the --out folder of a `staircase train` run$/ },
  { name: 'probe --problems abc', args: () => ['probe', RUN, '--problems', 'abc'], fix: /--problems must be a whole number of problems, at least 1, got 'abc' \(e\.g\. --problems 1024\)$/ },
  { name: 'probe --threshold 2', args: () => ['probe', RUN, '--threshold', '2'], fix: /--threshold must be a probability between 0 and 1, got '2' \(e\.g\. --threshold 0\.5\)$/ },
  { name: '`model: universl` in an arm file', args: () => ['train', '--arm', file('typo.yaml', 'model: universl\n'), '--out', path.join(dir, 'o')], fix: /typo\.yaml: `model` must be one of "standard", "universal"; got "universl" \(did you mean `universal`\?\)$/ },
  { name: '--set maxSteps=abc', args: () => ['train', '--arm', 'specs/arms/smoke-answer-only.yaml', '--out', path.join(dir, 'o'), '--set', 'maxSteps=abc'], fix: /^staircase train: --set: `maxSteps` must be a number, got 'abc' \(e\.g\. --set maxSteps=10000\)$/ },
  { name: '`heads: 5` in an arm file', args: () => ['train', '--arm', file('heads.yaml', 'heads: 5\n'), '--out', path.join(dir, 'o')], fix: /^staircase train: .*heads\.yaml: `heads` \(5\) must divide `dModel` \(96\): use heads 4 or 6, or another dModel$/ },
  { name: 'an empty arm file', args: () => ['train', '--arm', file('empty.yaml', '# nothing yet\n'), '--out', path.join(dir, 'o')], fix: /empty\.yaml: an empty arm file: write the fields that differ from harness\/train\/defaults\.ts \(e\.g\. `model: universal`\), as specs\/arms\/smoke-answer-only\.yaml does$/ },
  { name: '`kind: rates` in a claim file', args: () => ['check', '--claims', packWithKindTypo(), '--out', path.join(dir, 'c')], fix: /tiny-budget\.yaml: `expect\.0\.kind` must be one of "rate", "compare", "ablation", "metric"; got "rates" \(did you mean `rate`\?\)$/ },
  { name: 'staircase help of a command that does not exist', args: () => ['help', 'trian'], fix: /^staircase: unknown command 'trian' \(did you mean 'train'\?\); the commands are train, probe/ },
];

describe('bad input: one line naming the fix, exit 2, no stack trace', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const r = await runCli(c.args());
      const stderr = String(r.stderr);
      expect(r.exitCode, stderr).toBe(2);
      expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(c.fix);
      expect(`${String(r.stdout)}${stderr}`).not.toMatch(/^ {4}at /m);
    });
  }
});

describe('the top level', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).trim()).toBe((JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('`help CMD` prints what `CMD --help` prints, for every command (in process), and `staircase help train` its help', async () => {
    const printed = async (argv: string[]): Promise<string> => {
      const out: string[] = [];
      const log = console.log;
      console.log = (...args: unknown[]) => void out.push(args.join(' '));
      try {
        expect(await main(argv), argv.join(' ')).toBe(0);
      } finally {
        console.log = log;
      }
      return out.join('\n');
    };
    const top = await printed(['--help']);
    const commands = top.slice(top.indexOf('Commands:')).split('\n\n')[0]!.split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]!);
    expect(commands).toContain('train');
    for (const c of commands) {
      const viaHelp = await printed(['help', c]);
      expect(viaHelp, c).toBe(await printed([c, '--help']));
      expect(viaHelp, c).not.toBe(top);
    }
    const r = await runCli(['help', 'train']);
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout)).toMatch(/^staircase train --arm ARM\.yaml/);
  });
});

describe('staircase validate reads arm files', () => {
  it('says ok for the shipped arms, and names the problem of a bad or empty one', async () => {
    const ok = await runCli(['validate', 'specs/arms/smoke-answer-only.yaml']);
    expect(ok.exitCode, String(ok.stdout)).toBe(0);
    expect(String(ok.stdout)).toContain('ok   specs/arms/smoke-answer-only.yaml (arm: standard L3 d64 h4 K2 answer-only uniform, 3000 steps)');
    expect(String(ok.stdout)).toContain('1 of 1 arm file ok');
    const bad = await runCli(['validate', file('v-empty.yaml', ''), file('v-typo.yaml', 'model: universl\n')]);
    expect(bad.exitCode).toBe(2);
    expect(String(bad.stdout)).toMatch(/bad {2}.*v-empty\.yaml: an empty arm file/);
    expect(String(bad.stdout)).toContain('got "universl" (did you mean `universal`?)');
    expect(String(bad.stdout)).toContain('0 of 2 arm files ok, 2 bad');
  });
});
