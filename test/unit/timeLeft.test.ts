/** The duties screen's countdown: hand-computed spans before and after a deadline. */
import { describe, expect, it } from 'vitest';
import { timeLeft } from '../../renderer/src/features/duties/timeLeft.js';

const due = '2025-07-31T09:00:00Z';
const at = (iso: string): number => Date.parse(iso);

describe('time left until a notice is due', () => {
  it('counts days and hours, then hours and minutes, then minutes', () => {
    expect(timeLeft(due, at('2025-07-28T09:00:00Z'))).toEqual({ text: 'in 3 d 0 h', overdue: false, urgent: false });
    expect(timeLeft(due, at('2025-07-29T21:30:00Z'))).toEqual({ text: 'in 1 d 11 h', overdue: false, urgent: false });
    expect(timeLeft(due, at('2025-07-30T13:15:00Z'))).toEqual({ text: 'in 19 h 45 min', overdue: false, urgent: true });
    expect(timeLeft(due, at('2025-07-31T08:58:30Z'))).toEqual({ text: 'in 1 min', overdue: false, urgent: true });
  });
  it('says how long overdue', () => {
    expect(timeLeft(due, at('2025-07-31T12:00:00Z'))).toEqual({ text: 'overdue by 3 h 0 min', overdue: true, urgent: false });
    expect(timeLeft(due, at('2025-08-02T10:00:00Z'))).toEqual({ text: 'overdue by 2 d 1 h', overdue: true, urgent: false });
  });
});
