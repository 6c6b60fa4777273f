import { D3 } from './d3.ts';
import { Z2 } from './binary.ts';
import type { Group } from './group.ts';

/** The group behind each task id of an arm (an `external` task has none: an external trainer defines it). */
export function groupFor(task: 'd3' | 'binary' | 'external'): Group {
  if (task === 'external') throw new Error("task `external` is an external trainer's own: staircase cannot train or probe it; train it with --trainer (or the tier's `trainer:`), docs/trainers.md");
  return task === 'd3' ? D3 : Z2;
}
