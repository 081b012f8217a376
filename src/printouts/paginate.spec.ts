import { describe, expect, it } from '@jest/globals';
import { paginate } from './paginate.js';

const rows = (n: number, h = 10) => Array.from({ length: n }, () => h);

describe('paginate', () => {
  it('puts everything on one page when it fits, tail included', () => {
    expect(paginate(rows(5), { first: 100, rest: 200 }, 50)).toEqual([{ from: 0, to: 5 }]);
    expect(paginate(rows(5), { first: 100, rest: 200 }, 50).length).toBe(1);
  });

  it('fills the first page, then later pages of their own height', () => {
    // 10 rows on page 1 (100), 20 on each later page (200): 45 rows → 10 + 20 + 15
    expect(paginate(rows(45), { first: 100, rest: 200 })).toEqual([
      { from: 0, to: 10 },
      { from: 10, to: 30 },
      { from: 30, to: 45 },
    ]);
  });

  it('a row that fits exactly stays; one more point moves it', () => {
    expect(paginate([50, 50], { first: 100, rest: 100 })).toEqual([{ from: 0, to: 2 }]);
    expect(paginate([50, 50.5], { first: 100, rest: 100 })).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ]);
    expect(paginate([0.1, 0.2, 99.7], { first: 100, rest: 100 })).toHaveLength(1);
  });

  it('moves the last row with the tail when the tail does not fit under it: no page holds the tail alone', () => {
    // 10 rows fill page 1 exactly; a 30-point tail takes the 10th row to page 2
    expect(paginate(rows(10), { first: 100, rest: 100 }, 30)).toEqual([
      { from: 0, to: 9 },
      { from: 9, to: 10 },
    ]);
    // 7 rows + tail 30 = 100: one page
    expect(paginate(rows(7), { first: 100, rest: 100 }, 30)).toEqual([{ from: 0, to: 7 }]);
    expect(paginate(rows(8), { first: 100, rest: 100 }, 30)).toEqual([
      { from: 0, to: 7 },
      { from: 7, to: 8 },
    ]);
  });

  it('every page holds at least one row, in order, without gaps', () => {
    const heights = Array.from({ length: 431 }, (_, i) => 10 + ((i * 7) % 13));
    const pages = paginate(heights, { first: 300, rest: 600 }, 80);
    expect(pages[0].from).toBe(0);
    expect(pages[pages.length - 1].to).toBe(431);
    pages.forEach((p, i) => {
      expect(p.to).toBeGreaterThan(p.from);
      if (i > 0) expect(p.from).toBe(pages[i - 1].to);
      const used = heights.slice(p.from, p.to).reduce((s, h) => s + h, 0) + (i === pages.length - 1 ? 80 : 0);
      expect(used).toBeLessThanOrEqual(i === 0 ? 300 : 600);
    });
  });

  it('gives a row taller than a page a page of its own instead of looping', () => {
    expect(paginate([10, 500, 10], { first: 100, rest: 100 })).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
    ]);
  });

  it('no rows: one page for the tail', () => {
    expect(paginate([], { first: 100, rest: 100 }, 40)).toEqual([{ from: 0, to: 0 }]);
  });
});
