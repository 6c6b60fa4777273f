import { D3 } from './d3.ts';
import { Z2 } from './binary.ts';
import type { Group } from './group.ts';

/** The group behind each task id of an arm. */
export function groupFor(task: 'd3' | 'binary'): Group {
  return task === 'd3' ? D3 : Z2;
}
