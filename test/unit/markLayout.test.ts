/**
 * The timeline's mark labels: close marks go on separate rows, none writes over another, and what
 * finds no room keeps its line without a label. Expected rows worked out by hand from the label
 * widths (characters × 5.6 px + 8) on a 1000 px plot of 100 buckets (10 px each).
 */
import { describe, expect, it } from 'vitest';
import { labelWidth, layoutMarks } from '../../renderer/src/features/timeline/markLayout.js';

const buckets = Array.from({ length: 100 }, (_, i) => `b${String(i).padStart(3, '0')}`);
const at = (i: number): string => buckets[i]!;

describe('timeline mark labels', () => {
  it('stacks close labels on rows, drops the label that finds no room, and keeps far marks on the first row', () => {
    const lines = layoutMarks([
      { x: at(90), kind: 'containment', label: 'Containment' },
      { x: at(50), kind: 'containment', label: 'Containment' },
      { x: at(50), kind: 'containment', label: 'Containment' }, // the same kind in the same bucket: one line
      { x: at(52), kind: 'deletion', label: 'Job deleted' },
      { x: at(53), kind: 'after_containment', label: 'Access after containment' },
      { x: at(54), kind: 'containment', label: 'Containment' },
      { x: 'not-a-bucket', kind: 'deletion', label: 'Job deleted' },
    ], buckets, 1000);
    expect(lines.map((l) => [l.x, l.kind, l.row])).toEqual([
      [at(50), 'containment', 0], // centre 505, 470.2–539.8
      [at(52), 'deletion', 1], // centre 525: runs into row 0
      [at(53), 'after_containment', 2], // centre 535, 463.8–606.2: runs into rows 0 and 1
      [at(54), 'containment', null], // centre 545: all three rows taken
      [at(90), 'containment', 0], // centre 905: row 0 free again
    ]);
    expect(labelWidth('Containment')).toBeCloseTo(69.6, 5);
  });

  it('puts labels far enough apart on one row', () => {
    const lines = layoutMarks([
      { x: at(10), kind: 'deletion', label: 'Job deleted' },
      { x: at(17), kind: 'deletion', label: 'Job deleted' }, // 70 px apart: 69.6 wide labels just fit
    ], buckets, 1000);
    expect(lines.map((l) => l.row)).toEqual([0, 0]);
  });
});
