/**
 * Plain-text views of a probe result: the logit-lens table (layers L..0 as rows, t1..tK
 * as columns, `*` on each critical layer), the ablation table, and the verdict line.
 */
import type { ProbeResult } from './result.ts';

const pad = (text: string, width: number): string => text.padStart(width);

/** The lens table with the chance level and the verdict line under it. */
export function renderLensTable(result: ProbeResult): string {
  const { mass, chance } = result.logitLens;
  const K = result.criticalLayers.length;
  const L = mass.length - 1;
  const colW = 7;
  const lines: string[] = [];
  lines.push(`logit lens: mean P(t_i) at position 2i+2 over ${result.settings.nProblems} problems (arm ${result.source.arm}, seed ${result.source.seed}, step ${result.source.step})`);
  lines.push(`${'layer'.padEnd(7)}${Array.from({ length: K }, (_, j) => pad(`t${j + 1}`, colW)).join('')}`);
  for (let l = L; l >= 0; l--) {
    const cells = Array.from({ length: K }, (_, j) => {
      const mark = result.criticalLayers[j] === l ? '*' : ' ';
      return pad(`${(mass[l]?.[j] ?? NaN).toFixed(2)}${mark}`, colW);
    });
    lines.push(`${pad(String(l), 5)}  ${cells.join('')}`);
  }
  const crit = result.criticalLayers.map((c, j) => `c${j + 1}=${c ?? '-'}`).join(' ');
  lines.push(`chance ${chance.toFixed(2)}; * = critical layer (first > ${result.settings.decodeThreshold}): ${crit}; staircase: ${result.staircase ? 'yes' : 'no'}`);
  lines.push(verdictLine(result));
  return lines.join('\n');
}

/** One line: the verdict, each step's kind, generalisation, and why a run failed. */
export function verdictLine(result: ProbeResult): string {
  const K = result.criticalLayers.length;
  const failed = result.verdict === 'failed' && result.evidence.failedReasons.length ? ` (${result.evidence.failedReasons.join('; ')})` : '';
  const kinds = result.evidence.stepKinds.map((k, j) => `t${j + 1} ${k}`).join(', ');
  const g = result.generalisation ? `; held-out ${result.generalisation.heldOut.accuracy.toFixed(3)} vs training ${result.generalisation.train.accuracy.toFixed(3)}` : '';
  return `verdict: ${result.verdict}, ${result.sequentialSteps}/${K} steps sequential (${kinds})${g}${failed}`;
}

/** Per-intermediate ablation accuracies at every place tried (never one number), with each step's kind and evidence. */
export function renderAblationTable(result: ProbeResult): string {
  const { baselineAccuracy, perIntermediate } = result.ablation;
  const { floor, breakLevel, keepLevel } = result.evidence;
  const lines: string[] = [`sequential ablation: answer accuracy (baseline ${baselineAccuracy.toFixed(3)}, floor ${floor.toFixed(3)}: breaks <= ${breakLevel.toFixed(3)}, kept >= ${keepLevel.toFixed(3)})`];
  if (perIntermediate.length === 0) {
    lines.push('  (K = 1: no intermediate to ablate)');
    return lines.join('\n');
  }
  lines.push(`  ${'t_i'.padEnd(5)}${'place'.padEnd(11)}${'onset'.padEnd(14)}${pad('after:zero', 11)}${pad('after:mean', 11)}${pad('from:zero', 11)}${pad('from:mean', 11)}  step`);
  for (const e of perIntermediate) {
    const step = result.evidence.steps.find((s) => s.i === e.i);
    for (const site of e.sites) {
      const cells = [site.afterCritical.zero, site.afterCritical.mean, site.fromOnset.zero, site.fromOnset.mean].map((v) => pad(v.toFixed(3), 11));
      const chosen = site.where === e.where;
      lines.push(`  ${(chosen ? `t${e.i}` : '').padEnd(5)}${`${site.where} ${site.positions.join('+')}`.padEnd(11)}${`${site.layer} (${site.layerSource})`.padEnd(14)}${cells.join('')}  ${chosen ? (step?.kind ?? '') : ''}`);
    }
  }
  lines.push('  evidence:');
  for (const step of result.evidence.steps) lines.push(`    t${step.i} ${step.kind}: ${step.reasons.join('; ')}`);
  for (const line of result.evidence.generalisationReasons) lines.push(`    ${line}`);
  return lines.join('\n');
}

/** Lens table then ablation table: what `staircase probe DIR` prints. */
export function renderProbeTable(result: ProbeResult): string {
  return `${renderLensTable(result)}\n\n${renderAblationTable(result)}`;
}
