/** A finite group given by its Cayley table; element i is written names[i]. */
export interface Group {
  /** Short id used in configs and records (`d3`, `z2`). */
  readonly id: string;
  readonly names: readonly string[];
  /** table[a][b] = a . b (a first, then b, read left to right). */
  readonly table: readonly (readonly number[])[];
  readonly identity: number;
}

export function compose(group: Group, a: number, b: number): number {
  const row = group.table[a];
  const value = row?.[b];
  if (value === undefined) throw new Error(`compose: ${a} . ${b} is outside group ${group.id}`);
  return value;
}

/** Left-to-right evaluation: t0 = e0, t_i = t_{i-1} . g_i. Returns [t1..tk]. */
export function prefixProducts(group: Group, e0: number, gs: readonly number[]): number[] {
  const out: number[] = [];
  let t = e0;
  for (const g of gs) {
    t = compose(group, t, g);
    out.push(t);
  }
  return out;
}

export function elementIndex(group: Group, name: string): number {
  const i = group.names.indexOf(name);
  if (i < 0) throw new Error(`unknown element '${name}' of ${group.id}; expected one of ${group.names.join(', ')}`);
  return i;
}
