import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { disposeParams } from '../../harness/model/params.ts';
import { renderLensTable, renderProbeTable } from '../../harness/probe/render-table.ts';
import { escapeXml, renderStaircaseSvg, viridis } from '../../harness/probe/render-svg.ts';
import type { ProbeResult } from '../../harness/probe/result.ts';
import { runProbe } from '../../harness/probe/run.ts';
import { saveCheckpoint } from '../../harness/train/checkpoint.ts';
import { validate, ValidationError } from '../../harness/util/schema.ts';
import { tinyModel } from './tiny-model.ts';

let dir: string;
let result: ProbeResult;
let table: string;

beforeAll(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(path.join(tmpdir(), 'staircase-probe-'));
  const { arm, model } = tinyModel({ name: 'tiny <a&b> "arm"' }, 3);
  await saveCheckpoint(path.join(dir, 'checkpoint'), arm, 3, 40, model);
  model.dispose();
  disposeParams(model.params);
  writeFileSync(path.join(dir, 'record.json'), JSON.stringify({ outcome: 'budget', final: { answerAccuracy: 0.2 } }));
  ({ result, table } = await runProbe(dir, { nProblems: 48, chunk: 16 }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
const rejects = (data: unknown, pattern: RegExp): void => {
  expect(() => validate('probe', data, 'probe.json')).toThrow(ValidationError);
  expect(() => validate('probe', data, 'probe.json')).toThrow(pattern);
};

describe('probe.json', () => {
  it('runProbe writes a valid record of an untrained checkpoint, judged failed', () => {
    const written = JSON.parse(readFileSync(path.join(dir, 'probe.json'), 'utf8')) as ProbeResult;
    expect(() => validate('probe', written, 'probe.json')).not.toThrow();
    expect(written.kind).toBe('staircase.probe');
    expect(written.source).toMatchObject({ seed: 3, step: 40, K: 2, layers: 2, checkpoint: path.join(dir, 'checkpoint') });
    expect(written.logitLens.mass).toHaveLength(3);
    expect(written.logitLens.mass[0]).toHaveLength(2);
    expect(written.settings).toMatchObject({ nProblems: 48, targetAccuracy: 0.99, probeStream: 'probe' });
    expect(written.verdict).toBe('failed');
    expect(written.evidence.failedReasons.join()).toMatch(/budget/);
    expect(written.ablation.perIntermediate).toHaveLength(1);
    expect(table).toMatch(/verdict: failed/);
  });

  it('rejects malformed records', () => {
    const missing = clone();
    delete missing.verdict;
    rejects(missing, /missing required field `verdict`/);
    rejects({ ...clone(), extra: 1 }, /unknown field `extra`/);
    rejects({ ...clone(), verdict: 'maybe' }, /verdict/);
    const overOne = clone();
    (overOne.logitLens as { mass: number[][] }).mass[0]![0] = 1.5;
    rejects(overOne, /logitLens\.mass/);
    const badLayer = clone();
    (badLayer.ablation as { perIntermediate: { layerSource: string }[] }).perIntermediate[0]!.layerSource = 'guess';
    rejects(badLayer, /layerSource/);
  });
});

describe('rendering', () => {
  const fake = (): ProbeResult => ({
    ...result,
    source: { ...result.source, arm: 'x<y>&"z"', seed: 9 },
    logitLens: { ...result.logitLens, mass: [[0.17, 0.16], [0.93, 0.2], [0.8, 0.97]] },
    criticalLayers: [1, 2],
    verdict: 'sequential',
    sequentialSteps: 2,
    evidence: { ...result.evidence, failedReasons: [], stepKinds: ['sequential', 'sequential'] },
    generalisation: result.generalisation ? { ...result.generalisation, heldOut: { ...result.generalisation.heldOut, accuracy: 0.9876 }, train: { ...result.generalisation.train, accuracy: 1 } } : result.generalisation,
  });

  it('the SVG holds every cell with its value, outlines critical layers, and escapes text', () => {
    const svg = renderStaircaseSvg(fake());
    expect(svg.match(/<rect class="cell"/g)).toHaveLength(6);
    expect(svg).toContain('data-layer="1" data-i="1"');
    expect(svg).toMatch(/>0\.93<\/text>/);
    expect(svg).toMatch(/>0\.97<\/text>/);
    expect(svg.match(/<rect class="critical"/g)).toHaveLength(2);
    expect(svg).toContain('<rect class="critical" data-layer="2" data-i="2"');
    expect(svg).toContain('x&lt;y&gt;&amp;&quot;z&quot;');
    expect(svg).not.toContain('x<y>');
    expect(svg).toMatch(/chance 0\.17/);
    expect(svg).toContain(`fill="${viridis(0.93)}"`);
    // The file written by runProbe escapes the arm name too.
    expect(readFileSync(path.join(dir, 'staircase.svg'), 'utf8')).toContain('tiny &lt;a&amp;b&gt; &quot;arm&quot;');
  });

  it('escapes XML and interpolates viridis', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(2)).toBe('#fde725');
    expect(viridis(0.05)).toBe('#461365');
  });

  it('the text table marks critical layers and ends with chance and verdict', () => {
    const lines = renderLensTable(fake()).split('\n');
    expect(lines[2]).toMatch(/^\s+2\s+0\.80\s+0\.97\*$/);
    expect(lines[3]).toMatch(/^\s+1\s+0\.93\*\s+0\.20\s*$/);
    expect(lines.at(-2)).toMatch(/^chance 0\.17/);
    expect(result.generalisation, 'runProbe measures generalisation when the record names held-out problems').toBeTruthy();
    expect(lines.at(-1)).toBe('verdict: sequential, 2/2 steps sequential (t1 sequential, t2 sequential); held-out 0.988 vs training 1.000');
    expect(renderProbeTable(fake())).toMatch(/sequential ablation: answer accuracy/);
  });
});
