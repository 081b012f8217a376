/** Which table rows go on which printed page: layout arithmetic only (no pdfkit), so it can be tested alone. */

/** Height (pt) left for table rows under the repeated page header: on the first page and on each later page. */
export interface PageFrame {
  first: number;
  rest: number;
}

/** Rows `from` (inclusive) to `to` (exclusive) of one page. */
export interface PageSlice {
  from: number;
  to: number;
}

/**
 * Rows in order, as many to a page as fit; `tail` (totals, 大写, hash line, signatures) must fit under the
 * last row, so when it does not the last row moves to a new page with it — every page holds table rows and
 * no page holds the tail alone. A row taller than a whole page still gets a page of its own (callers cap row
 * heights, so this only keeps the loop finite). No rows: one page for the tail.
 */
export function paginate(heights: readonly number[], frame: PageFrame, tail = 0): PageSlice[] {
  const pages: PageSlice[] = [];
  let from = 0;
  let used = 0;
  let capacity = frame.first;
  for (let i = 0; i < heights.length; i++) {
    const need = heights[i] + (i === heights.length - 1 ? tail : 0);
    if (i > from && used + need > capacity + EPSILON) {
      pages.push({ from, to: i });
      from = i;
      used = 0;
      capacity = frame.rest;
    }
    used += heights[i];
  }
  pages.push({ from, to: heights.length });
  return pages;
}

/** Measured heights are sums of floats: a row that fits exactly must not spill for a rounding error. */
const EPSILON = 1e-6;
