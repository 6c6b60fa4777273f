import { describe, expect, it } from 'vitest';
import { clopperPearsonInterval, verdictFromInterval, wilsonInterval } from '../../harness/stats/index.ts';

describe('verdictFromInterval', () => {
  it('atLeast: pass when wholly >= threshold, fail when wholly below', () => {
    expect(verdictFromInterval({ lower: 0.65, upper: 0.9 }, 0.6, 'atLeast')).toBe('pass');
    expect(verdictFromInterval({ lower: 0.6, upper: 0.9 }, 0.6, 'atLeast')).toBe('pass');
    expect(verdictFromInterval({ lower: 0.2, upper: 0.59 }, 0.6, 'atLeast')).toBe('fail');
    expect(verdictFromInterval({ lower: 0.5, upper: 0.7 }, 0.6, 'atLeast')).toBe('inconclusive');
  });

  it('atMost mirrors atLeast', () => {
    expect(verdictFromInterval({ lower: 0.1, upper: 0.3 }, 0.3, 'atMost')).toBe('pass');
    expect(verdictFromInterval({ lower: 0.31, upper: 0.5 }, 0.3, 'atMost')).toBe('fail');
    expect(verdictFromInterval({ lower: 0.2, upper: 0.4 }, 0.3, 'atMost')).toBe('inconclusive');
  });

  it('works end to end on binomial intervals', () => {
    // "at least 60% of seeds learn X": 15/16 seeds -> 95% CP lower 0.698
    expect(verdictFromInterval(clopperPearsonInterval(15, 16), 0.6, 'atLeast')).toBe('pass');
    // 3/16 -> CP upper 0.456 < 0.6
    expect(verdictFromInterval(clopperPearsonInterval(3, 16), 0.6, 'atLeast')).toBe('fail');
    // 10/16 -> straddles 0.6
    expect(verdictFromInterval(wilsonInterval(10, 16), 0.6, 'atLeast')).toBe('inconclusive');
    // one-sided lower bound can only pass or be inconclusive
    expect(verdictFromInterval(wilsonInterval(0, 16, 0.95, { sides: 'lower' }), 0.6, 'atLeast')).toBe(
      'inconclusive',
    );
  });

  it('is inconclusive for NaN bounds and rejects malformed input', () => {
    expect(verdictFromInterval({ lower: NaN, upper: 1 }, 0.5, 'atLeast')).toBe('inconclusive');
    expect(() => verdictFromInterval({ lower: 0.8, upper: 0.2 }, 0.5, 'atLeast')).toThrow(/exceeds/);
    expect(() => verdictFromInterval({ lower: 0.1, upper: 0.2 }, NaN, 'atLeast')).toThrow(/threshold/);
    // @ts-expect-error runtime check of an invalid side
    expect(() => verdictFromInterval({ lower: 0.1, upper: 0.2 }, 0.5, 'above')).toThrow(/side/);
  });
});
