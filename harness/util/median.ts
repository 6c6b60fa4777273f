/** The middle value (the upper middle of an even count), as the bench reports its windows. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
