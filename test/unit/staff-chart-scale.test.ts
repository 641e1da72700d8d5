// The arithmetic of the staff reporting charts: value axes, stacking, labels, and the sentence
// that names each chart for screen readers.
import { describe, expect, it } from 'vitest';
import { countAxis, describeChart, fittingLabel, niceStep, scale, shortLabel, stack, sum } from '../../client/src/staff/charts/chartScale.ts';

describe('countAxis()', () => {
  it('gives an empty chart the axis 0..1, so bars have somewhere to be', () => {
    expect(countAxis(0)).toEqual({ top: 1, step: 1, ticks: [0, 1] });
    expect(countAxis(Number.NaN).top).toBe(1);
  });

  it('uses whole-number steps of 1, 2 or 5 × 10ⁿ, with the top at or above the maximum', () => {
    expect(countAxis(3)).toEqual({ top: 3, step: 1, ticks: [0, 1, 2, 3] });
    expect(countAxis(7)).toEqual({ top: 8, step: 2, ticks: [0, 2, 4, 6, 8] });
    expect(countAxis(12).top).toBe(15);
    expect(countAxis(47)).toMatchObject({ top: 50, step: 10 });
    expect(countAxis(230)).toMatchObject({ top: 250, step: 50 });
  });

  it('keeps at most maxTicks steps', () => {
    for (const max of [1, 4, 9, 13, 99, 101, 999, 12345]) {
      for (const maxTicks of [3, 4, 5]) {
        const axis = countAxis(max, maxTicks);
        expect(axis.top).toBeGreaterThanOrEqual(max);
        expect(axis.ticks.length - 1).toBeLessThanOrEqual(maxTicks);
        expect(Number.isInteger(axis.step)).toBe(true);
      }
    }
  });

  it('niceStep() never goes below 1, because counts are whole', () => {
    expect(niceStep(0.2)).toBe(1);
    expect(niceStep(1.4)).toBe(2);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(11)).toBe(20);
  });
});

describe('scale() and stack()', () => {
  it('scale() maps a value onto a length, clamped to the axis', () => {
    expect(scale(5, 10, 200)).toBe(100);
    expect(scale(0, 10, 200)).toBe(0);
    expect(scale(-3, 10, 200)).toBe(0);
    expect(scale(20, 10, 200)).toBe(200);
    expect(scale(1, 0, 200)).toBe(0);
  });

  it('stack() starts each segment where the previous ended and skips zeros and "no data"', () => {
    expect(stack([2, 0, 3, null, 1])).toEqual([
      { series: 0, value: 2, start: 0 },
      { series: 2, value: 3, start: 2 },
      { series: 4, value: 1, start: 5 },
    ]);
    expect(sum([2, null, 3])).toBe(5);
  });
});

describe('labels', () => {
  it('shortLabel() cuts with an ellipsis only when needed', () => {
    expect(shortLabel('Police', 10)).toBe('Police');
    expect(shortLabel('Youth offending team', 10)).toBe('Youth off…');
    expect(shortLabel('Youth offending team', 10)).toHaveLength(10);
  });

  it('fittingLabel() prefers the short label to a cut one', () => {
    expect(fittingLabel({ label: 'Feb 2026', short: '02/26' }, 8)).toBe('Feb 2026');
    expect(fittingLabel({ label: 'Feb 2026', short: '02/26' }, 5)).toBe('02/26');
    expect(fittingLabel({ label: 'Restorative conversation' }, 8)).toBe('Restora…');
  });
});

describe('describeChart()', () => {
  const rows = [
    { label: 'Jan', values: [1, 2] },
    { label: 'Feb', values: [4, 0] },
  ];

  it('sums counts and names the largest bar', () => {
    expect(describeChart(rows, ['Harmed', 'Responsible'], 'referrals')).toBe('7 referrals in 2 bars, split into Harmed, Responsible; the highest is Feb: 4 referrals.');
  });

  it('does not add up values that are not counts (medians)', () => {
    expect(describeChart([{ label: 'Jan', values: [3] }, { label: 'Feb', values: [null] }], ['Median'], 'days', false)).toBe('2 bars; the highest is Jan: 3 days.');
  });

  it('says so when there is nothing to show', () => {
    expect(describeChart([], ['x'], 'referrals')).toBe('No referrals in this period.');
    expect(describeChart([{ label: 'Jan', values: [0] }], ['x'], 'cases')).toBe('No cases in this period.');
  });
});
