// The slice of a long fixed-row-height list that must exist in the DOM: the rows that intersect
// the viewport plus `overscan` rows on each side (so fast scrolling does not show blank space
// before the next frame renders). Everything else is represented by the spacer's height.

export type WindowInput = {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  overscan: number;
};

export type VirtualWindow = {
  /** First rendered row (inclusive). */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Where the first rendered row sits, in px from the top of the list. */
  offsetTop: number;
  /** Height of the whole list, in px. */
  totalHeight: number;
};

export function visibleWindow({ scrollTop, viewportHeight, rowHeight, total, overscan }: WindowInput): VirtualWindow {
  const totalHeight = total * rowHeight;
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
  // A stale scrollTop after the list shrank (new filter) must not produce an empty window.
  const maxScroll = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const first = Math.floor(top / rowHeight);
  const visibleCount = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + visibleCount + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/**
 * The scrollTop that brings row `index` fully into view with the least movement (keyboard
 * navigation); unchanged when it is already visible.
 */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}

/** Rows a PageUp/PageDown moves by: one viewport, at least one row. */
export function pageSize(viewportHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
}
