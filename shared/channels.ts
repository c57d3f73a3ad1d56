/**
 * The names of the engine's channels, kept free of any library so the sandboxed preload can
 * bundle this file alone. `contract.ts` gives each one its request schema and response type.
 */
export const CHANNELS = ['app.info', 'investigation.run', 'investigation.progress', 'investigation.cancel', 'investigation.records', 'source.line', 'exports.page', 'exports.detail', 'notes.list', 'notes.add', 'notes.retract', 'case.open', 'duties.list', 'timeline.get',
  'case.create', 'case.recent', 'case.results', 'case.verify', 'report.generate', 'report.progress', 'report.cancel', 'report.list',
  'review.open', 'review.close', 'mapping.get', 'mapping.preview', 'mapping.set', 'mapping.unset',
  'integrations.page', 'integrations.detail',
  'scope.preview'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Runtime guard used by the preload and the web host before anything is dispatched. */
export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}
