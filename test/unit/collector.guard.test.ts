/**
 * The write refusal: the collector's HTTP client and jsforce's OAuth transport refuse every
 * request that could change the org before anything is sent (the fake org records every request
 * it receives, and receives none of these).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { guardedOAuth2, pastedToken } from '../../electron/engine/collector/auth.js';
import { isReadOnlyRequest, WriteRefusedError } from '../../electron/engine/collector/guard.js';
import { SalesforceClient } from '../../electron/engine/collector/http.js';
import { startFakeSalesforce, type FakeSalesforce } from '../helpers/fakeSalesforce.js';

const base = 'https://northwind-demo.my.salesforce.com';

describe('isReadOnlyRequest', () => {
  it.each([
    ['GET', '/services/data/v62.0/query?q=SELECT+Id+FROM+Contact', true],
    ['HEAD', '/services/data/v62.0/sobjects/EventLogFile/0AT5j0000000001AAA/LogFile', true],
    ['POST', '/services/oauth2/token', true],
    ['POST', '/services/data/v62.0/jobs/query', true],
    ['POST', '/services/data/v62.0/jobs/query/', true],
    ['POST', '/services/oauth2/revoke', false],
    ['POST', '/services/data/v62.0/jobs/ingest', false],
    ['POST', '/services/data/v62.0/jobs/query/7505j0000bHng9JAAR', false],
    ['PATCH', '/services/data/v62.0/jobs/query/7505j0000bHng9JAAR', false],
    ['DELETE', '/services/data/v62.0/jobs/query/7505j0000bHng9JAAR', false],
    ['POST', '/services/data/v62.0/sobjects/Account', false],
    ['PATCH', '/services/data/v62.0/sobjects/User/0055j0000GhyhKxAQI', false],
    ['PUT', '/services/data/v62.0/sobjects/Account/001/Body', false],
    ['POST', '/services/data/v62.0/composite', false],
    ['POST', '/services/Soap/u/62.0', false],
    ['POST', '/services/data/v62.0/tooling/executeAnonymous', false],
    ['post', '/services/data/v62.0/jobs/query', true],
  ])('%s %s → %s', (method, p, allowed) => {
    expect(isReadOnlyRequest(method, base + p)).toBe(allowed);
  });
});

describe('the collector cannot send a write', () => {
  let org: FakeSalesforce;
  beforeAll(async () => {
    org = await startFakeSalesforce({ root: path.resolve(__dirname, '../../resources/demo/evidence/org-southwind'), token: 't' });
  });
  afterAll(async () => {
    await org.close();
  });

  it('its HTTP client refuses a record create and a Bulk job abort before sending', async () => {
    const client = new SalesforceClient({ instanceUrl: org.url, apiVersion: '62.0', auth: pastedToken('t') });
    await expect(client.json('POST', client.dataPath('/sobjects/Account'), { Name: 'x' })).rejects.toBeInstanceOf(WriteRefusedError);
    await expect(client.json('POST', client.dataPath('/jobs/query/7505j0000bHng9JAAR'), { state: 'Aborted' })).rejects.toThrow(/Refused to send POST/);
    // The type allows only GET and POST; a DELETE smuggled past it is refused at run time all the same.
    await expect(client.send('DELETE' as 'GET', client.dataPath('/jobs/query/7505j0000bHng9JAAR'))).rejects.toBeInstanceOf(WriteRefusedError);
    expect(org.requests).toEqual([]);
    await client.json('GET', client.dataPath('/query?q=SELECT+Id+FROM+Organization'));
    expect(org.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('jsforce’s OAuth transport refuses a token revocation', async () => {
    const before = org.requests.length;
    const oauth = guardedOAuth2({ loginUrl: org.url, clientId: 'x' });
    await expect(oauth.revokeToken('some-token')).rejects.toBeInstanceOf(WriteRefusedError);
    expect(org.requests.length).toBe(before);
  });
});
