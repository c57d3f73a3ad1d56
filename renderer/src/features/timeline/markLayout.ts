/**
 * Where the labels of the timeline's vertical marks go. Marks of one kind in one bucket are drawn
 * once; each label is placed on the lowest row where it does not run into the label before it
 * (widths estimated from the text at the chart's 10 px font), up to `maxRows` rows above the plot.
 * A mark with no room left keeps its line and goes without a label: every mark is listed under the
 * chart anyway.
 */
export interface MarkLine<K extends string> {
  /** The bucket the line is drawn at (its start instant, the chart's x value). */
  x: string;
  kind: K;
  label: string;
  /** Label row, 0 nearest the plot; null: no label (no room). */
  row: number | null;
}

/** Approximate width in px of a label at 10 px (average glyph about 5.6 px), plus a little air. */
export const labelWidth = (text: string): number => text.length * 5.6 + 8;

export function layoutMarks<K extends string>(
  marks: readonly { x: string; kind: K; label: string }[],
  buckets: readonly string[],
  plotWidthPx: number,
  maxRows = 3,
): MarkLine<K>[] {
  const index = new Map(buckets.map((b, i) => [b, i]));
  const seen = new Set<string>();
  const unique = marks.filter((m) => {
    const key = `${m.x}\u0000${m.kind}`;
    if (seen.has(key) || !index.has(m.x)) return false;
    seen.add(key);
    return true;
  }).sort((a, b) => index.get(a.x)! - index.get(b.x)!);
  const perBucket = plotWidthPx / Math.max(1, buckets.length);
  const rightEdge: number[] = [];
  return unique.map((m) => {
    const centre = (index.get(m.x)! + 0.5) * perBucket;
    const half = labelWidth(m.label) / 2;
    let row = rightEdge.findIndex((edge) => edge <= centre - half);
    if (row === -1 && rightEdge.length < maxRows) row = rightEdge.length;
    if (row === -1) return { ...m, row: null };
    rightEdge[row] = centre + half;
    return { ...m, row };
  });
}
