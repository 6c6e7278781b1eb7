/**
 * Which rows of a long list to put in the DOM (pure). Rows have one fixed height, so the range is
 * arithmetic: the rows under the viewport plus some overscan above and below, so a fast scroll or
 * a keyboard step lands on rows that already exist.
 */

/** Row height in CSS pixels; panel.css gives `.row td` the same height. */
export const ROW_HEIGHT = 21;
/**
 * Up to this many rows every row is rendered (cheap at this size, and every row stays findable by
 * selector, by Ctrl+F and by tests); above it the list is windowed. The search box narrows a big
 * list to the rows wanted.
 */
export const FULL_RENDER_LIMIT = 1000;
export const OVERSCAN = 20;

export interface RowRange {
  start: number;
  /** Exclusive. */
  end: number;
}

export function visibleRange(count: number, scrollTop: number, viewportHeight: number, rowHeight = ROW_HEIGHT, overscan = OVERSCAN): RowRange {
  if (count <= FULL_RENDER_LIMIT) return { start: 0, end: count };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first - overscan, count - shown - overscan));
  const end = Math.min(count, first + shown + overscan);
  return { start, end: Math.max(end, Math.min(count, start + 1)) };
}

/** The scrollTop that brings row `index` fully into view (or the current one if it already is). */
export function scrollTopFor(index: number, scrollTop: number, viewportHeight: number, headerHeight: number, rowHeight = ROW_HEIGHT): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const visible = viewportHeight - headerHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + visible) return bottom - visible;
  return scrollTop;
}
