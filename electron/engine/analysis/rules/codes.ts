/** The closed vocabularies of detection: flag codes (shared with the UI) and containment kinds. */
export { SUSPICION_CODES as FLAG_CODES, type SuspicionCode as FlagCode } from '../../../../shared/domain.js';

/** What a containment action did (the `containment_actions.kind` column). */
export const CONTAINMENT_KINDS = [
  'token_revoked', 'app_blocked', 'app_policy_changed', 'user_frozen', 'user_deactivated', 'password_reset',
  'permission_removed', 'session_revoked', 'app_created', 'permission_granted', 'policy_relaxed', 'other',
] as const;
export type ContainmentKind = (typeof CONTAINMENT_KINDS)[number];

/** Kinds after which any use of the app's or user's access is suspicious. */
export const CUTTING_KINDS: readonly ContainmentKind[] = ['token_revoked', 'app_blocked', 'user_frozen', 'user_deactivated', 'session_revoked'];
