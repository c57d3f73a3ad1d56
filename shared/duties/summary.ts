/** A jurisdiction's notices in one line, for the CLI summary and the app's jurisdiction table. */

/** E.g. `no notice required`, `notify individuals; assess regulator by 2025-07-31 09:00 UTC`. */
export function noticeWords(notices: readonly { recipient: string; required: string; due: string | null }[]): string {
  const open = notices.filter((n) => n.required !== 'no');
  if (open.length === 0) return notices.length === 0 ? 'no notice rule' : 'no notice required';
  return open
    .map((n) => n.recipient === 'unknown'
      ? 'assess: no recorded law places these people'
      : `${n.required === 'yes' ? 'notify' : 'assess'} ${n.recipient.replaceAll('_', ' ')}${n.due === null ? '' : ` by ${n.due.slice(0, 16).replace('T', ' ')} UTC`}`)
    .join('; ');
}
