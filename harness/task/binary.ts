import type { Group } from './group.ts';

/**
 * The binary +/- chain of LEGO (Zhang et al. 2022) as the group Z2 = {+, -} under
 * sign multiplication: `+ . - -> -`. Its answer is the parity of minus signs,
 * which a single layer can count in parallel: the negative control for "sequential".
 */
export const Z2: Group = {
  id: 'z2',
  names: ['+', '-'],
  table: [
    [0, 1],
    [1, 0],
  ],
  identity: 0,
};
