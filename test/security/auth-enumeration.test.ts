/**
 * Finding 7, enumeration: an unauthenticated caller must not learn which app keys (or tokens) a
 * site has from how it is refused. An unknown app key, a real app key with a wrong signature and a
 * wrong bearer token get the same bytes back; none of them writes anything.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APP_KEY, SECRET_KEY } from '../integration/api/fate-client.js';
import { type FateRequest, fateRequestBytes, pythonJsonDumps } from '../integration/http/support/fate-client.js';
import { startTestFederation, TEST_TOKEN, type TestFederation } from '../support/local-federation.js';
import { rawExchange } from './support/raw-http.js';
import { snapshotSite } from './support/store-snapshot.js';

const GUEST = 9999;
const REFUSED = '{"retcode":109,"retmsg":"authentication failed"}';

function signedQuery(appKey: string, secretKey: string): FateRequest {
  return {
    method: 'POST',
    pathUrl: '/v1/job/query',
    contentType: 'application/json',
    body: Buffer.from(pythonJsonDumps({ job_id: '202611271544180123450' })),
    credentials: { appKey, secretKey, timestamp: String(Date.now()), nonce: randomUUID() },
    signsBody: true,
  };
}

/** The same request with `Authorization: Bearer <token>` and no signature. */
function bearerQuery(port: number, token: string): Buffer {
  const { credentials: _none, ...unsigned } = signedQuery(APP_KEY, SECRET_KEY);
  const bytes = fateRequestBytes(port, unsigned).toString('latin1');
  return Buffer.from(bytes.replace('\r\nUser-Agent:', `\r\nAuthorization: Bearer ${token}\r\nUser-Agent:`), 'latin1');
}

describe('refusals an unauthenticated caller could enumerate with', () => {
  let federation: TestFederation;
  let port: number;

  beforeAll(async () => {
    federation = await startTestFederation();
    port = Number(new URL(federation.site(GUEST).apiUrl).port);
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('answer an unknown app key, a bad signature and an unknown token byte for byte alike, writing nothing', async () => {
    const site = federation.site(GUEST);
    const before = await snapshotSite(site);
    const unknownKey = await rawExchange(port, fateRequestBytes(port, signedQuery('no-such-app', 'anything')));
    const badSignature = await rawExchange(port, fateRequestBytes(port, signedQuery(APP_KEY, 'a-guessed-secret')));
    const unknownToken = await rawExchange(port, bearerQuery(port, 'a-guessed-token-0123456789'));

    expect(badSignature.toString('latin1')).toBe(unknownKey.toString('latin1'));
    expect(unknownToken.toString('latin1')).toBe(unknownKey.toString('latin1'));
    const text = unknownKey.toString('latin1');
    expect(text.startsWith('HTTP/1.1 401 ')).toBe(true);
    expect(text.endsWith(`\r\n\r\n${REFUSED}`)).toBe(true);
    expect(await snapshotSite(site)).toEqual(before);
  });

  it('still let the real app key and token in (the same requests, correctly signed)', async () => {
    const signed = await rawExchange(port, fateRequestBytes(port, signedQuery(APP_KEY, SECRET_KEY)));
    const bearer = await rawExchange(port, bearerQuery(port, TEST_TOKEN));
    // The job does not exist: an authenticated caller gets the API's own answer, not a refusal.
    for (const answer of [signed, bearer]) {
      const text = answer.toString('latin1');
      expect([text.split('\r\n')[0], text.split('\r\n\r\n')[1]]).toEqual([
        'HTTP/1.1 404 Not Found',
        '{"retcode":101,"retmsg":"find job failed: no job matches the query"}',
      ]);
    }
  });
});
