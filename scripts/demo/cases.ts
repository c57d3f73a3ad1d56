/**
 * Northwind's support cases (snapshots/Case.csv) and the credentials its staff pasted into them: the secrets the
 * attacker's Case pull carried away (issue #8). Secrets of five kinds sit in the Description of open cases the
 * attacker's query takes; one sits in a closed case it does not take, one in a custom field it does not select:
 * neither may be reported. The truth says, for each, where it is, its rule and its mask, computed here apart from
 * the engine. Ids are built from the case number (no id is minted), so every other generated id stays as it was.
 */
import { isoMillis, utc } from './clock.js';
import { csvDocument } from './csv.js';
import { id18Of, type SfId } from './keys.js';
import type { Account, Contact } from './model.js';
import type { Rng } from './random.js';

export interface SupportCase {
  id: SfId;
  caseNumber: string;
  subject: string;
  description: string;
  /** A custom long text field the attacker's query does not select. */
  internalNotes: string;
  status: 'New' | 'Working' | 'Escalated' | 'Closed';
  priority: 'Low' | 'Medium' | 'High';
  origin: 'Email' | 'Web' | 'Phone';
  accountId: string;
  contactId: string;
  createdDate: number;
}

/** One planted secret and whether a secrets scan of the exposed records must report it. */
export interface PlantedSecret {
  caseId: string; // 18
  field: 'Description' | 'Internal_Notes__c';
  ruleId: string;
  /** The fake credential itself (in the evidence, never in Leakscope's outputs). */
  secret: string;
  /** What secrets.json shows: the first min(4, n/4) and last min(2, n/8) characters. */
  masked: string;
  reported: boolean;
  why: string;
}

export const CASE_HEADER = ['Id', 'CaseNumber', 'Subject', 'Description', 'Internal_Notes__c', 'Status', 'Priority', 'Origin', 'AccountId', 'ContactId', 'CreatedDate'];

/** The attacker's Case pull: every case not closed (incident.ts runs it between the Account job and the Opportunity query). */
export const CASE_QUERY = "SELECT Id, CaseNumber, Subject, Description, Status FROM Case WHERE Status != 'Closed'";

/** The Case query's filter over the cases as they stood at `at`. */
export function caseQueryMatches(c: SupportCase, at: number): boolean {
  return c.createdDate < at && c.status.toLowerCase() !== 'closed';
}

const ORDINARY: readonly [string, string][] = [
  ['Password reset', 'Customer cannot log in to the portal and asked for a password reset; the password is required again after the upgrade.'],
  ['Invoice question', 'Invoice INV-20417 shows the wrong VAT number. Please send a corrected copy to accounts payable.'],
  ['API access', 'Their integration team asked how to get API access for the new warehouse system; sent them the admin guide.'],
  ['Token expired', 'The session token expired during the import; the customer will retry tomorrow morning.'],
  ['Delivery delayed', 'Shipment 7741-AB is delayed at customs; customer informed, new ETA Thursday.'],
  ['Duplicate contact', 'Two contacts for the same person (0035j00000AbCdEAAZ and 0035j00000AbCdFAAZ); merged on request.'],
  ['Access for new hire', 'Grant the new buyer access to the ordering portal; manager approved by email.'],
  ['Checksum mismatch', 'Uploaded price list has SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, we expected another file.'],
  ['Webinar link', 'Customer missed the webinar and asks for the recording link and the slides.'],
  ['Request id', 'Error on checkout, request id 3f2c9a64-8b1e-4d7a-9c55-0e6b2f1d8a47; could not reproduce.'],
];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The cases and their planted secrets; the attacker's query decides later which of them left (see `secretsTruth`). */
export function buildCases(rng: Rng, accounts: readonly Account[], contacts: readonly Contact[]): { cases: SupportCase[]; planted: Omit<PlantedSecret, 'reported' | 'why'>[] } {
  const cases: SupportCase[] = [];
  const withAccount = contacts.filter((c) => c.accountId !== null);
  for (let n = 1; n <= 60; n++) {
    const contact = withAccount[rng.int(0, withAccount.length - 1)] ?? contacts[0]!;
    const [subject, description] = rng.pick(ORDINARY);
    const created = utc(2025, 3, 3) + (n - 1) * 2 * 24 * 3600 * 1000 + rng.int(8, 17) * 3600 * 1000 + rng.int(0, 3599) * 1000;
    cases.push({
      id: { id15: `5005j00000Cs${String(n).padStart(3, '0')}`, id18: id18Of(`5005j00000Cs${String(n).padStart(3, '0')}`) },
      caseNumber: String(1040 + n).padStart(8, '0'), subject, description, internalNotes: '',
      status: n % 3 === 0 ? 'Closed' : rng.pick(['New', 'Working', 'Escalated'] as const),
      priority: rng.pick(['Low', 'Medium', 'High'] as const), origin: rng.pick(['Email', 'Web', 'Phone'] as const),
      accountId: contact.accountId ?? accounts[0]!.id.id18, contactId: contact.id.id18, createdDate: created,
    });
  }
  const planted: Omit<PlantedSecret, 'reported' | 'why'>[] = [];
  const plant = (n: number, field: PlantedSecret['field'], ruleId: string, secret: string, subject: string, text: string): void => {
    const c = cases[n - 1]!;
    if (field === 'Description') Object.assign(c, { subject, description: text });
    else c.internalNotes = text;
    planted.push({ caseId: c.id.id18, field, ruleId, secret, masked: maskOf(secret) });
  };
  const aws = `AKIA${rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
  plant(4, 'Description', 'aws-access-token', aws, 'S3 export failing', `Our nightly export to S3 fails since Monday. Devops said the job runs with key ${aws} - can you check why the upload is refused?`);
  const snow = `${rng.chars(ALNUM, 10)}#${rng.chars(ALNUM, 3)}`;
  plant(7, 'Description', 'snowflake-connection-url', snow, 'Warehouse sync stopped', `The Salesforce to Snowflake sync stopped. It connects with snowflake://etl_loader:${snow}@northwind-xy31842.snowflakecomputing.com/?warehouse=LOAD_WH`);
  const pwd = `Northwind${rng.int(1000, 9999)}!`;
  plant(11, 'Description', 'generic-password-in-text', pwd, 'Shared mailbox login', `Shared mailbox support@northwind-demo.com locked out. The password for support@northwind-demo.com is ${pwd} - please unlock it.`);
  const ghp = `ghp_${rng.chars(ALNUM, 36)}`;
  plant(14, 'Description', 'github-pat', ghp, 'Webhook to GitHub', `The case webhook to our GitHub repository fails with 401. It uses the token ${ghp} set up by the consultant.`);
  const slack = `xoxb-${rng.chars('0123456789', 13)}-${rng.chars('0123456789', 13)}-${rng.chars(ALNUM, 24)}`;
  plant(16, 'Description', 'slack-bot-token', slack, 'Slack alerts silent', `Escalation alerts no longer reach Slack; the bot token is ${slack} in the flow settings.`);
  // Case 18 is closed: the attacker's query does not take it.
  const pg = `${rng.chars(ALNUM, 12)}`;
  plant(18, 'Description', 'database-connection-string', pg, 'Reporting database', `Reporting extract uses postgres://reporting:${pg}@db.northwind.example:5432/crm - closed after the rotation.`);
  // Case 20 is taken, but not its Internal_Notes__c: the query selects Id, CaseNumber, Subject, Description, Status only.
  const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${base64url(JSON.stringify({ sub: cases[19]!.contactId, iat: 1753000000 + rng.int(0, 99999) }))}.${rng.chars(`${ALNUM}-_`, 43)}`;
  plant(20, 'Internal_Notes__c', 'jwt', jwt, cases[19]!.subject, `Portal session for the customer, valid a day: ${jwt} `);
  return { cases, planted };
}

/** What a scan of the exposed records must report: planted secrets in taken cases' selected fields only. */
export function secretsTruth(planted: readonly Omit<PlantedSecret, 'reported' | 'why'>[], takenIds: ReadonlySet<string>, selected: readonly string[]): PlantedSecret[] {
  return planted.map((p) => {
    const taken = takenIds.has(p.caseId);
    const inSelected = selected.includes(p.field);
    const why = !taken ? 'the case is closed: the attacker\'s Case query did not take it' : !inSelected ? `the query did not select ${p.field}` : 'taken by the attacker\'s Case query';
    return { ...p, reported: taken && inSelected, why };
  });
}

/** snapshots/Case.csv, sorted by id. */
export function renderCases(cases: readonly SupportCase[], files: Map<string, string>): void {
  const rows = cases.slice().sort((a, b) => (a.id.id18 < b.id.id18 ? -1 : 1)).map((c) => [
    c.id.id18, c.caseNumber, c.subject, c.description, c.internalNotes, c.status, c.priority, c.origin, c.accountId, c.contactId, isoMillis(c.createdDate),
  ]);
  files.set('snapshots/Case.csv', csvDocument(CASE_HEADER, rows));
}

/** The mask Leakscope documents (docs/OUTPUTS.md, secrets.json), written out independently of the engine's SQL. */
export function maskOf(secret: string): string {
  const chars = [...secret];
  const head = Math.min(4, Math.floor(chars.length / 4));
  const tail = Math.min(2, Math.floor(chars.length / 8));
  return `${chars.slice(0, head).join('')}…${tail ? chars.slice(chars.length - tail).join('') : ''}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
