/**
 * What Salesforce's licensing and retention rules say about each log type, with where each
 * figure comes from. The retention figures for EventLogFile are documented by Salesforce
 * (peers.md §0, REST API guide "Using Event Monitoring") but marked UNVERIFIED in
 * SCHEMA.md §2/§13; they are reported with that caveat, never as fact.
 */

/**
 * EventLogFile types available without the Event Monitoring add-on (SCHEMA.md §2, [ORF63]):
 * Apex Unexpected Exception, API Total Usage, CORS Violation Record, Hostname Redirects,
 * Insecure External Assets, Login, Logout. Compared case-insensitively.
 */
const FREE_ELF_TYPES = ['ApexUnexpectedException', 'ApiTotalUsage', 'CorsViolation', 'HostnameRedirects', 'InsecureExternalAssets', 'Login', 'Logout'];

/**
 * Types an exfiltration investigation always reports on, even when the evidence holds no file
 * of them: the free pivots (Login, ApiTotalUsage) and the channels data leaves through.
 */
export const KEY_ELF_TYPES = ['Login', 'ApiTotalUsage', 'API', 'RestApi', 'BulkApi', 'BulkApi2', 'ReportExport'] as const;

/** Real-Time Event Monitoring storage objects (detect.ts canonical names); they need Shield or the add-on. */
const RTEM_TYPES = [
  'ApiEvent', 'BulkApiResultEvent', 'ReportEvent', 'ListViewEvent', 'LoginEvent', 'LoginAsEvent', 'LogoutEvent',
  'UriEvent', 'LightningUriEvent', 'FileEvent', 'PermissionSetEvent',
];

export interface LogTypeRules {
  family: 'elf' | 'rtem';
  licence: 'free' | 'add_on';
  retentionDays: number;
  retentionBasis: string;
}

const ELF_LICENSED =
  'EventLogFile files are kept 30 days after they are created in licensed orgs (Salesforce REST API guide, "Using Event Monitoring", ' +
  'as cited in reference/peers.md §0); SCHEMA.md §2 and §13 list the exact retention per licence as UNVERIFIED. ' +
  'Salesforce counts from the file\'s CreatedDate (a day after the events for daily files), so the boundary may fall up to a day later.';
const ELF_FREE =
  'Free EventLogFile types without the Event Monitoring add-on: commonly cited as 1 day (SCHEMA.md §2, UNVERIFIED; [ATU-README] ' +
  '"Standard: 1 day; Shield/Event Monitoring: 30 days"). The evidence holds no licensed type, so the org is taken to have no add-on.';
const RTEM =
  'Real-Time Event Monitoring storage objects keep data 6 months (Security Implementation Guide "Storage Events", as cited in reference/peers.md §0).';
const RTEM_LOGIN = 'LoginEvent keeps data 10 years (Security Implementation Guide "Storage Events", as cited in reference/peers.md §0).';

/** Whether a type is a Real-Time Event Monitoring object rather than an EventLogFile type. */
export function isRtemType(eventType: string): boolean {
  return RTEM_TYPES.some((t) => t.toLowerCase() === eventType.toLowerCase());
}

/** Whether an EventLogFile type is available without the Event Monitoring add-on. */
export function isFreeType(eventType: string): boolean {
  return !isRtemType(eventType) && FREE_ELF_TYPES.some((t) => t.toLowerCase() === eventType.toLowerCase());
}

/**
 * Licence and retention of a type. Free types keep 30 days too when the evidence shows the
 * org has the add-on (a licensed type is present), 1 day otherwise.
 */
export function logTypeRules(eventType: string, licensedEvidence: boolean): LogTypeRules {
  if (isRtemType(eventType)) {
    const login = eventType.toLowerCase() === 'loginevent';
    return { family: 'rtem', licence: 'add_on', retentionDays: login ? 3650 : 180, retentionBasis: login ? RTEM_LOGIN : RTEM };
  }
  if (isFreeType(eventType)) {
    return licensedEvidence
      ? { family: 'elf', licence: 'free', retentionDays: 30, retentionBasis: ELF_LICENSED }
      : { family: 'elf', licence: 'free', retentionDays: 1, retentionBasis: ELF_FREE };
  }
  return { family: 'elf', licence: 'add_on', retentionDays: 30, retentionBasis: ELF_LICENSED };
}
