import type { ProgressEvent } from '../train/loop.ts';
import type { PopulationProgress } from '../train/population.ts';
import { formatDuration } from '../util/duration.ts';

/** One line describing training progress. */
export function progressLine(label: string, e: ProgressEvent): string {
  const acc = e.answerAccuracy === undefined ? '  -  ' : e.answerAccuracy.toFixed(3);
  const eta = e.stepsPerSecond > 0 ? formatDuration((e.maxSteps - e.step) / e.stepsPerSecond) : '?';
  return `${label} step ${e.step}/${e.maxSteps} ${e.phase === 'full' ? 'full-seq' : 'answer  '} loss ${e.lossNats.toFixed(3)} acc ${acc} ${e.stepsPerSecond.toFixed(1)} steps/s ETA<= ${eta}`;
}

/**
 * One line for a population: its step, the seeds still training (and in which phase), how many have
 * stopped, and seed-steps per second; the ETA is that of the longest budget still running.
 */
export function populationLine(label: string, e: PopulationProgress): string {
  const full = e.phases.filter((p) => p === 'full').length;
  const phases = full ? `, ${full} on full-sequence loss` : '';
  const eta = e.stepsPerSecond > 0 ? formatDuration((e.maxSteps - e.step) / e.stepsPerSecond) : '?';
  return `${label} step ${e.step}/${e.maxSteps}: seeds ${e.active.join(' ')} training${phases} (${e.finished}/${e.size} done) ${e.stepsPerSecond.toFixed(1)} steps/s = ${(e.stepsPerSecond * e.active.length).toFixed(1)} seed-steps/s ETA<= ${eta}`;
}

/**
 * Progress reporting: a redrawn bar on a terminal, plain lines every `intervalMs`
 * otherwise (CI logs), nothing when quiet. `line` renders an event (default: one seed's progressLine).
 */
export function makeProgress<E extends { step: number; maxSteps: number } = ProgressEvent>(
  label: string,
  opts: { quiet?: boolean; intervalMs?: number; stream?: NodeJS.WriteStream; line?: (label: string, e: E) => string } = {},
): {
  update: (e: E) => void;
  done: () => void;
} {
  const render = opts.line ?? (progressLine as unknown as (label: string, e: E) => string);
  const out = opts.stream ?? process.stderr;
  if (opts.quiet) return { update: () => {}, done: () => {} };
  if (out.isTTY) {
    let drawn = false;
    return {
      update: (e) => {
        const width = 24;
        const filled = Math.min(width, Math.round((e.step / Math.max(1, e.maxSteps)) * width));
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
        out.write(`\r${bar} ${render(label, e)}`.slice(0, (out.columns ?? 160) - 1).padEnd(Math.min(159, (out.columns ?? 160) - 1)));
        drawn = true;
      },
      done: () => {
        if (drawn) out.write('\n');
      },
    };
  }
  let last = 0;
  return {
    update: (e) => {
      const now = Date.now();
      if (now - last >= (opts.intervalMs ?? 10_000)) {
        last = now;
        out.write(`${render(label, e)}\n`);
      }
    },
    done: () => {},
  };
}
