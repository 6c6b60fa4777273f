/** `1 claim`, `2 claims`, `0 claims`: a count and its noun, in the plural unless the count is 1. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
