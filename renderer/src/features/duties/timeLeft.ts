/** "in 2 d 4 h" / "overdue by 3 h": how long until a notice is due, from now, for the live countdown. */
export function timeLeft(due: string, nowMs: number): { text: string; overdue: boolean; urgent: boolean } {
  const ms = Date.parse(due) - nowMs;
  const overdue = ms < 0;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
  return { text: overdue ? `overdue by ${span}` : `in ${span}`, overdue, urgent: !overdue && ms < 24 * 3_600_000 };
}
