/**
 * Exposed fields → data categories, with the expected categories written out by hand from the Salesforce
 * field meanings (not read back from the mapping), including near-miss names that must stay uncategorised.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { categoriesForFields, nameTokens } from '../../shared/categories/categorise.js';
import { DATA_CATEGORIES, type CategoryMapping, type DataCategory } from '../../shared/categories/categories.js';
import { categoriesForFields as engineCategories, loadCategoryMapping } from '../../electron/engine/categories/loadMapping.js';

let mapping: CategoryMapping;

beforeAll(() => {
  const loaded = loadCategoryMapping();
  if (!loaded.ok) throw new Error(loaded.error.message);
  mapping = loaded.value;
});

const one = (object: string, field: string | { name: string; type?: string }, overrides = {}): DataCategory[] =>
  categoriesForFields(object, [field], overrides, mapping).fields[0]?.categories ?? [];

describe('standard fields of standard objects', () => {
  it('categorise a Contact pull field by field and together', () => {
    const out = categoriesForFields(
      'Contact',
      ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'MailingStreet', 'MailingCity', 'MailingPostalCode', 'Birthdate', 'Description', 'Title', 'MailingLatitude'],
      {},
      mapping,
    );
    expect(out.categories).toEqual(['name', 'email', 'phone', 'postal_address', 'date_of_birth', 'precise_location', 'free_text']);
    expect(out.uncategorised).toEqual(['Id', 'Title']);
    expect(out.fields.find((f) => f.field === 'Birthdate')).toEqual({
      field: 'Birthdate', object: 'Contact', categories: ['date_of_birth'], source: 'standard', basis: 'Contact.Birthdate: standard field',
    });
    expect(out.fields.find((f) => f.field === 'MailingCity')?.basis).toBe('Contact.MailingCity: standard Mailing address field');
  });

  it.each([
    ['Lead', 'Street', ['postal_address']],
    ['Lead', 'Country', ['postal_address']],
    ['Lead', 'Company', []],
    ['Account', 'BillingCity', ['postal_address']],
    ['Account', 'PersonBirthdate', ['date_of_birth']],
    ['Account', 'PersonMailingPostalCode', ['postal_address']],
    ['Account', 'Name', []],
    ['User', 'Username', ['email']],
    ['User', 'Latitude', ['precise_location']],
    ['Case', 'SuppliedEmail', ['email']],
    ['Case', 'Description', ['free_text']],
    ['EmailMessage', 'ToAddress', ['email']],
    ['EmailMessage', 'TextBody', ['free_text']],
    ['Task', 'Subject', ['free_text']],
    ['Event', 'Location', ['postal_address']],
    ['Opportunity', 'Amount', []],
    ['contact', 'EMAIL', ['email']],
  ] as const)('%s.%s → %j', (object, field, expected) => {
    expect(one(object, field)).toEqual(expected);
  });
});

describe('custom fields by name', () => {
  it.each([
    ['Drivers_License_Number__c', ['government_id']],
    ['DriversLicense__c', ['government_id']],
    ['DL_Number__c', ['government_id']],
    ['Passport_No__c', ['government_id']],
    ['SSN__c', ['ssn_national_id']],
    ['acme__SSNLast4__c', ['ssn_national_id']],
    ['Social_Security_Number__c', ['ssn_national_id']],
    ['National_Insurance_Number__c', ['ssn_national_id']],
    ['Date_of_Birth__c', ['date_of_birth']],
    ['DOB__c', ['date_of_birth']],
    ['IBAN__c', ['financial_account']],
    ['Bank_Account_Number__c', ['financial_account']],
    ['Routing_Number__c', ['financial_account']],
    ['Credit_Card_Number__c', ['payment_card']],
    ['CVV__c', ['payment_card']],
    ['Portal_Password__c', ['credentials']],
    ['API_Key__c', ['credentials']],
    ['Security_Answer__c', ['credentials']],
    ['Diagnosis__c', ['health']],
    ['Medical_Record_Number__c', ['health']],
    ['Fingerprint_Template__c', ['biometric']],
    ['Home_Latitude__c', ['precise_location']],
    ['Geolocation__c', ['precise_location']],
    ['Email_Address__c', ['email']],
    ['Home_Address__c', ['postal_address']],
    ['Mobile_Phone__c', ['phone']],
    ['Maiden_Name__c', ['name']],
    ['Intake_Notes__c', ['free_text']],
    ['Medical_Notes__c', ['health', 'free_text']],
  ] as const)('%s → %j', (field, expected) => {
    expect(one('Contact', field)).toEqual(expected);
  });

  it.each([
    'Lesson__c', 'Assn_Code__c', 'Dobby__c', 'Tinder__c', 'Passporter__c', 'Ibanez__c', 'Panel__c', 'Latency__c', 'IP_Address__c',
    'Website_Address__c', 'Email_Opt_In__c', 'Pinnacle_Tier__c', 'Product_Name__c', 'Cardinality__c', 'Secretary_General__c',
  ])('near miss %s stays uncategorised', (field) => {
    const out = categoriesForFields('Contact', [field], {}, mapping);
    expect(out.categories).toEqual(field === 'Email_Opt_In__c' ? ['email'] : []);
  });

  it('trusts a boolean type over the name', () => {
    const out = categoriesForFields('Contact', [{ name: 'Email_Opt_In__c', type: 'boolean' }], {}, mapping);
    expect(out.fields[0]).toMatchObject({ categories: [], source: 'type', basis: 'Contact.Email_Opt_In__c: type boolean holds no personal data' });
  });

  it('splits API names into tokens', () => {
    expect(nameTokens('Drivers_License_Number__c')).toBe('drivers_license_number');
    expect(nameTokens('acme__SSNLast4__c')).toBe('ssn_last_4');
    expect(nameTokens('PersonMailingStreet')).toBe('person_mailing_street');
  });
});

describe('types, relationship paths and overrides', () => {
  it('uses the field type when the describe gives one, with the name patterns', () => {
    const out = categoriesForFields('Case', [{ name: 'Alt_Contact__c', type: 'email' }, { name: 'Triage__c', type: 'textarea' }, { name: 'SSN_Notes__c', type: 'textarea' }], {}, mapping);
    expect(out.fields.map((f) => [f.field, f.categories, f.source])).toEqual([
      ['Alt_Contact__c', ['email'], 'type'],
      ['Triage__c', ['free_text'], 'type'],
      ['SSN_Notes__c', ['ssn_national_id', 'free_text'], 'type'],
    ]);
    expect(out.fields[2]?.basis).toBe('Case.SSN_Notes__c: type textarea, name pattern ssn, name pattern free-text');
  });

  it('follows relationship paths to the parent object', () => {
    const out = categoriesForFields('Case', ['Contact.Email', 'Contact.Birthdate', 'Account.Owner.Email', 'Account.BillingPostalCode', 'Custom__r.Email'], {}, mapping);
    expect(out.fields.map((f) => [f.object, f.categories])).toEqual([
      ['Contact', ['email']],
      ['Contact', ['date_of_birth']],
      ['User', ['email']],
      ['Account', ['postal_address']],
      ['?', ['email']],
    ]);
  });

  it('lets the investigator override a field, for one object or every object, case-insensitively', () => {
    const overrides = { 'contact.legacy_ref__c': ['ssn_national_id'], '*.Description': [], 'Contact.Email': ['email', 'credentials'] } as const;
    const out = categoriesForFields('Contact', ['Legacy_Ref__c', 'Description', 'Email', 'Phone'], overrides, mapping);
    expect(out.fields.map((f) => [f.field, f.categories, f.source])).toEqual([
      ['Legacy_Ref__c', ['ssn_national_id'], 'override'],
      ['Description', [], 'override'],
      ['Email', ['email', 'credentials'], 'override'],
      ['Phone', ['phone'], 'standard'],
    ]);
    expect(out.categories).toEqual(['email', 'phone', 'ssn_national_id', 'credentials']);
    expect(out.uncategorised).toEqual([]);
  });

  it('is offered by the engine bound to the bundled mapping', () => {
    const out = engineCategories('Contact', ['Drivers_License_Number__c']);
    expect(out.ok && out.value.categories).toEqual(['government_id']);
    expect(out.ok && out.value.mappingVersion).toBe(`${mapping.schemaVersion} (${mapping.asOf})`);
  });
});

describe('the mapping file', () => {
  it('describes every category and names each pattern once', () => {
    expect(Object.keys(mapping.categories).sort()).toEqual([...DATA_CATEGORIES].sort());
    const ids = mapping.patterns.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is refused, naming the file and field, when a category or pattern is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-categories-'));
    writeFileSync(join(dir, 'fields.json'), JSON.stringify({ ...mapping, types: { email: ['e-mail'] } }));
    const bad = loadCategoryMapping(dir);
    expect(bad.ok ? '' : bad.error.message).toMatch(/fields\.json: types\.email\.0: /);
    const dir2 = mkdtempSync(join(tmpdir(), 'ls-categories-'));
    writeFileSync(join(dir2, 'fields.json'), JSON.stringify({ ...mapping, patterns: [{ id: 'broken', categories: ['email'], tokens: 'mail(', why: '' }] }));
    const broken = loadCategoryMapping(dir2);
    expect(broken.ok ? '' : broken.error.message).toMatch(/pattern broken: /);
    expect(loadCategoryMapping(join(dir, 'missing')).ok).toBe(false);
  });
});
