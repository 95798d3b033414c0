import { createHmac, createPrivateKey, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import {
  generateSigningKey,
  keyId,
  parsePublicKey,
  parseSecretKey,
  type SigningKeyPair,
} from '../../../../functions/domain/signing/keys.js';
import {
  checkWebhookHeaders,
  signWebhook,
  type VerifyWebhookInput,
  type VerifyWebhookResult,
  verifyWebhook,
  verifyWebhookSignature,
  type WebhookHeaders,
} from '../../../../functions/domain/signing/standard-webhooks.js';

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
/** Protobuf-like bytes, including values that are not valid UTF-8 on their own. */
const BODY = Uint8Array.of(0x0a, 0x03, 0x6a, 0x6f, 0x62, 0x00, 0xff, 0xfe, 0x80, 0x12, 0x00);

const current = generateSigningKey();
const previous = generateSigningKey();
const stranger = generateSigningKey();

const NO_VALID_SIGNATURE: VerifyWebhookResult = {
  ok: false,
  reason: 'no_valid_signature',
  message: 'no v1a signature verifies with a registered public key',
};
const NO_V1A_SIGNATURE: VerifyWebhookResult = {
  ok: false,
  reason: 'no_valid_signature',
  message: 'webhook-signature has no well-formed v1a signature',
};

function signed(
  overrides: { id?: string; timestamp?: number; body?: Uint8Array; secretKeys?: string[] } = {},
): WebhookHeaders {
  return signWebhook({
    id: overrides.id ?? ID,
    timestamp: overrides.timestamp ?? NOW,
    body: overrides.body ?? BODY,
    secretKeys: overrides.secretKeys ?? [current.secretKey],
  });
}

function verify(
  headers: Readonly<Record<string, string | undefined>>,
  overrides: Partial<Omit<VerifyWebhookInput, 'headers'>> = {},
): VerifyWebhookResult {
  return verifyWebhook({ headers, body: BODY, publicKeys: [current.publicKey], nowSeconds: NOW, ...overrides });
}

function okFor(publicKey: string, timestamp = NOW, id = ID): VerifyWebhookResult {
  return { ok: true, id, timestamp, keyId: keyId(publicKey) };
}

/** The same bytes with one bit of one byte flipped. */
function flipBit(bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index] = (copy[index] ?? 0) ^ (1 << bit);
  return copy;
}

/** A `v1a,<base64>` entry made by Node's own Ed25519 (OpenSSL), independent of the code under test. */
function opensslEntry(pair: SigningKeyPair, content: Uint8Array): string {
  const key = createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      d: Buffer.from(parseSecretKey(pair.secretKey)).toString('base64url'),
      x: Buffer.from(parsePublicKey(pair.publicKey)).toString('base64url'),
    },
  });
  return `v1a,${nodeSign(null, content, key).toString('base64')}`;
}

function signedContent(id: string, timestamp: number, body: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]);
}

describe('signWebhook', () => {
  it('returns the id, the timestamp in seconds and one v1a signature', () => {
    const headers = signed();
    expect(headers['webhook-id']).toBe(ID);
    expect(headers['webhook-timestamp']).toBe('1767225600');
    expect(headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
  });

  it('signs the id, a dot, the timestamp, a dot and the raw body bytes, exactly as OpenSSL’s Ed25519 does', () => {
    expect(signed()['webhook-signature']).toBe(opensslEntry(current, signedContent(ID, NOW, BODY)));
  });

  it('adds one space-separated signature per secret key, in the order given', () => {
    const both = signed({ secretKeys: [previous.secretKey, current.secretKey] });
    const [first, second, ...rest] = both['webhook-signature'].split(' ');
    expect(rest).toEqual([]);
    expect(first).toBe(signed({ secretKeys: [previous.secretKey] })['webhook-signature']);
    expect(second).toBe(signed({ secretKeys: [current.secretKey] })['webhook-signature']);
  });

  it.each([
    ['an id with a dot', { id: 'msg.1' }, "webhook-id must be 1 to 256 printable ASCII characters other than '.'"],
    ['an empty id', { id: '' }, "webhook-id must be 1 to 256 printable ASCII characters other than '.'"],
    [
      'a fractional timestamp',
      { timestamp: NOW + 0.5 },
      'webhook-timestamp must be a non-negative integer of unix seconds',
    ],
    ['a negative timestamp', { timestamp: -1 }, 'webhook-timestamp must be a non-negative integer of unix seconds'],
    ['no secret keys', { secretKeys: [] }, 'between 1 and 10 secret keys are needed, got 0'],
    [
      'a public key in place of a secret key',
      { secretKeys: [current.publicKey] },
      'secret key must start with whsk_ (this is a public key)',
    ],
  ])('throws an ArgumentError for %s', (_case, overrides, message) => {
    expect(() => signed(overrides)).toThrow(new ArgumentError(message));
    expect(() => signed(overrides)).toThrow(ArgumentError);
  });
});

describe('verifyWebhook accepts', () => {
  it('what signWebhook signed, naming the id, the timestamp and the key that verified', () => {
    expect(verify(signed())).toEqual(okFor(current.publicKey));
  });

  it('a signature made by OpenSSL’s Ed25519 over the same content', () => {
    const headers = { ...signed(), 'webhook-signature': opensslEntry(current, signedContent(ID, NOW, BODY)) };
    expect(verify(headers)).toEqual(okFor(current.publicKey));
  });

  it('a body of arbitrary binary bytes, 0x00 and 0xff included', () => {
    const body = Uint8Array.from({ length: 256 }, (_, index) => index);
    body[0] = 0xff;
    body[255] = 0x00;
    expect(verify(signed({ body }), { body })).toEqual(okFor(current.publicKey));
  });

  it('an empty body', () => {
    const body = new Uint8Array(0);
    expect(verify(signed({ body }), { body })).toEqual(okFor(current.publicKey));
  });

  it('exactly the bytes of a body that is a view into a larger buffer', () => {
    const buffer = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const view = buffer.subarray(2, 6);
    const headers = signed({ body: view });
    expect(verify(headers, { body: view })).toEqual(okFor(current.publicKey));
    expect(verify(headers, { body: Uint8Array.of(3, 4, 5, 6) })).toEqual(okFor(current.publicKey));
    expect(verify(headers, { body: buffer })).toEqual(NO_VALID_SIGNATURE);
  });

  it('a timestamp exactly 300 s in the past or in the future', () => {
    expect(verify(signed({ timestamp: NOW - 300 }))).toEqual(okFor(current.publicKey, NOW - 300));
    expect(verify(signed({ timestamp: NOW + 300 }))).toEqual(okFor(current.publicKey, NOW + 300));
  });

  it('a fractional now, by dropping its fraction', () => {
    expect(verify(signed({ timestamp: NOW - 300 }), { nowSeconds: NOW + 0.999 })).toEqual(
      okFor(current.publicKey, NOW - 300),
    );
  });

  it('a narrower tolerance when asked for one', () => {
    expect(verify(signed({ timestamp: NOW - 30 }), { toleranceSeconds: 30 })).toEqual(
      okFor(current.publicKey, NOW - 30),
    );
    expect(verify(signed({ timestamp: NOW - 31 }), { toleranceSeconds: 30 })).toEqual({
      ok: false,
      reason: 'timestamp_too_old',
      message: 'webhook-timestamp is 31 s in the past, beyond the 30 s tolerance',
    });
  });

  it('a valid v1a signature next to v1 (HMAC) entries, unknown versions and garbled entries', () => {
    const { 'webhook-signature': valid, ...rest } = signed();
    const header = `v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v2,abc garbage v1a,@@@@ ${valid}`;
    expect(verify({ ...rest, 'webhook-signature': header })).toEqual(okFor(current.publicKey));
  });

  it('a header whose entries are separated by several spaces', () => {
    const header = signed({ secretKeys: [stranger.secretKey, current.secretKey] })['webhook-signature'].replace(
      ' ',
      '   ',
    );
    expect(verify({ ...signed(), 'webhook-signature': header })).toEqual(okFor(current.publicKey));
  });

  it('ten signatures, the most it allows', () => {
    const nine = Array.from({ length: 9 }, () => stranger.secretKey);
    expect(verify(signed({ secretKeys: [...nine, current.secretKey] }))).toEqual(okFor(current.publicKey));
  });

  it('headers that carry other fields as well', () => {
    expect(verify({ ...signed(), 'content-type': 'application/x-protobuf', host: undefined })).toEqual(
      okFor(current.publicKey),
    );
  });
});

describe('verifyWebhook during a key rotation', () => {
  const rotating = signed({ secretKeys: [previous.secretKey, current.secretKey] });

  it('accepts a message signed with old and new key at a receiver that knows only the new key', () => {
    expect(verify(rotating, { publicKeys: [current.publicKey] })).toEqual(okFor(current.publicKey));
  });

  it('accepts it at a receiver that knows only the old key', () => {
    expect(verify(rotating, { publicKeys: [previous.publicKey] })).toEqual(okFor(previous.publicKey));
  });

  it('accepts a message signed with the new key only at a receiver that knows both keys', () => {
    expect(verify(signed(), { publicKeys: [previous.publicKey, current.publicKey] })).toEqual(okFor(current.publicKey));
  });

  it('rejects it at a receiver that knows neither key', () => {
    expect(verify(rotating, { publicKeys: [stranger.publicKey] })).toEqual(NO_VALID_SIGNATURE);
  });
});

describe('verifyWebhook rejects', () => {
  it('a body with one bit flipped', () => {
    const headers = signed();
    for (const [index, bit] of [
      [0, 0],
      [5, 7],
      [BODY.length - 1, 3],
    ] as const) {
      expect(verify(headers, { body: flipBit(BODY, index, bit) })).toEqual(NO_VALID_SIGNATURE);
    }
  });

  it('a body with a byte added or removed', () => {
    const headers = signed();
    expect(verify(headers, { body: Uint8Array.of(...BODY, 0) })).toEqual(NO_VALID_SIGNATURE);
    expect(verify(headers, { body: BODY.subarray(0, -1) })).toEqual(NO_VALID_SIGNATURE);
  });

  it('a changed webhook-id', () => {
    expect(verify({ ...signed(), 'webhook-id': `${ID}x` })).toEqual(NO_VALID_SIGNATURE);
  });

  it('a changed webhook-timestamp, even one still inside the window', () => {
    expect(verify({ ...signed(), 'webhook-timestamp': String(NOW + 1) })).toEqual(NO_VALID_SIGNATURE);
  });

  it('the same timestamp written with a leading zero, as that is not the text that was signed', () => {
    expect(verify({ ...signed(), 'webhook-timestamp': `0${NOW}` })).toEqual(NO_VALID_SIGNATURE);
  });

  it('a signature made with a key the receiver does not know', () => {
    expect(verify(signed({ secretKeys: [stranger.secretKey] }))).toEqual(NO_VALID_SIGNATURE);
  });

  it('a signature when the sender has no registered key', () => {
    expect(verify(signed(), { publicKeys: [] })).toEqual({
      ok: false,
      reason: 'no_valid_signature',
      message: 'the sender has no registered public key',
    });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('a request without %s', (name) => {
    const headers: Record<string, string | undefined> = { ...signed() };
    delete headers[name];
    expect(verify(headers)).toEqual({
      ok: false,
      reason: 'missing_headers',
      message: `missing or empty headers: ${name}`,
    });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('a request with an empty %s', (name) => {
    expect(verify({ ...signed(), [name]: '' })).toEqual({
      ok: false,
      reason: 'missing_headers',
      message: `missing or empty headers: ${name}`,
    });
  });

  it('a request with none of the headers, naming all three', () => {
    expect(verify({})).toEqual({
      ok: false,
      reason: 'missing_headers',
      message: 'missing or empty headers: webhook-id, webhook-timestamp, webhook-signature',
    });
  });

  it('headers whose names are not lower-case', () => {
    const headers = signed();
    expect(
      verify({
        'Webhook-Id': headers['webhook-id'],
        'Webhook-Timestamp': headers['webhook-timestamp'],
        'Webhook-Signature': headers['webhook-signature'],
      }),
    ).toEqual({
      ok: false,
      reason: 'missing_headers',
      message: 'missing or empty headers: webhook-id, webhook-timestamp, webhook-signature',
    });
  });

  it.each([
    ['contains a dot, which would make the signed content ambiguous', 'msg.1767225600'],
    ['contains a space', 'msg 1'],
    ['contains a non-ASCII character', 'msg_é'],
    ['is longer than 256 characters', 'm'.repeat(257)],
  ])('a webhook-id that %s', (_case, id) => {
    expect(verify({ ...signed(), 'webhook-id': id })).toEqual({
      ok: false,
      reason: 'bad_id',
      message: "webhook-id must be 1 to 256 printable ASCII characters other than '.'",
    });
  });

  it.each([
    ['words', 'yesterday'],
    ['a fraction', `${NOW}.5`],
    ['a sign', `+${NOW}`],
    ['a negative number', '-1'],
    ['an exponent', '1.7e9'],
    ['surrounding spaces', ` ${NOW} `],
    ['milliseconds beyond a safe integer', '1767225600000000'],
  ])('a webhook-timestamp with %s', (_case, timestamp) => {
    expect(verify({ ...signed(), 'webhook-timestamp': timestamp })).toEqual({
      ok: false,
      reason: 'bad_timestamp',
      message: 'webhook-timestamp is not an integer number of unix seconds',
    });
  });

  it('a timestamp 301 s in the past', () => {
    expect(verify(signed({ timestamp: NOW - 301 }))).toEqual({
      ok: false,
      reason: 'timestamp_too_old',
      message: 'webhook-timestamp is 301 s in the past, beyond the 300 s tolerance',
    });
  });

  it('a timestamp 301 s in the future', () => {
    expect(verify(signed({ timestamp: NOW + 301 }))).toEqual({
      ok: false,
      reason: 'timestamp_in_future',
      message: 'webhook-timestamp is 301 s in the future, beyond the 300 s tolerance',
    });
  });

  it('a timestamp in milliseconds, as it is far in the future', () => {
    expect(verify({ ...signed(), 'webhook-timestamp': String(NOW * 1000) })).toEqual({
      ok: false,
      reason: 'timestamp_in_future',
      message: `webhook-timestamp is ${NOW * 1000 - NOW} s in the future, beyond the 300 s tolerance`,
    });
  });

  it.each([
    ['a word', 'garbage'],
    ['v1a with nothing after the comma', 'v1a,'],
    ['v1a with broken base64', 'v1a,not-base64!!'],
    ['v1a with 63 bytes', `v1a,${Buffer.alloc(63, 1).toString('base64')}`],
    ['v1a with 65 bytes', `v1a,${Buffer.alloc(65, 1).toString('base64')}`],
    [
      'v1a with the URL-safe alphabet',
      'v1a,____________________________________________________________________________________w==',
    ],
    ['an upper-case version', 'V1A,AAAA'],
  ])('a garbage signature: %s', (_case, header) => {
    expect(verify({ ...signed(), 'webhook-signature': header })).toEqual(NO_V1A_SIGNATURE);
  });

  it('a well-formed v1a signature of 64 zero bytes', () => {
    expect(verify({ ...signed(), 'webhook-signature': `v1a,${Buffer.alloc(64).toString('base64')}` })).toEqual(
      NO_VALID_SIGNATURE,
    );
  });

  it('a header with only a symmetric v1 (HMAC-SHA256) signature, even a correct one', () => {
    const secret = Buffer.alloc(24, 9);
    const hmac = createHmac('sha256', secret)
      .update(signedContent(ID, NOW, BODY))
      .digest('base64');
    expect(verify({ ...signed(), 'webhook-signature': `v1,${hmac}` })).toEqual(NO_V1A_SIGNATURE);
  });

  it('a signature header longer than 4096 characters', () => {
    const valid = signed()['webhook-signature'];
    const header = `${'x'.repeat(4096 - valid.length)} ${valid}`;
    expect(header).toHaveLength(4097);
    expect(verify({ ...signed(), 'webhook-signature': header })).toEqual({
      ok: false,
      reason: 'malformed_signature',
      message: 'webhook-signature is 4097 characters long, more than 4096',
    });
  });

  it('a signature header with more than 10 entries', () => {
    const valid = signed()['webhook-signature'];
    const header = `${'v1,x '.repeat(10)}${valid}`;
    expect(verify({ ...signed(), 'webhook-signature': header })).toEqual({
      ok: false,
      reason: 'malformed_signature',
      message: 'webhook-signature has 11 entries, more than 10',
    });
  });
});

describe('verifyWebhook with bad arguments of the caller', () => {
  it('throws an ArgumentError for an invalid registered public key', () => {
    expect(() => verify(signed(), { publicKeys: [current.secretKey] })).toThrow(
      new ArgumentError('public key must start with whpk_ (this is a secret key, which must never be shared)'),
    );
  });

  it('throws an ArgumentError for a now that is not a finite number', () => {
    expect(() => verify(signed(), { nowSeconds: Number.NaN })).toThrow(
      new ArgumentError('nowSeconds must be a finite number'),
    );
  });

  it('throws an ArgumentError for a negative tolerance', () => {
    expect(() => verify(signed(), { toleranceSeconds: -1 })).toThrow(
      new ArgumentError('toleranceSeconds must be a non-negative integer'),
    );
  });
});

describe('checkWebhookHeaders and verifyWebhookSignature, the two halves of verifyWebhook', () => {
  it('checks the headers and the window without any key, then the signature with the keys', () => {
    const headers = signed({ secretKeys: [current.secretKey, previous.secretKey] });
    const checked = checkWebhookHeaders({ headers, nowSeconds: NOW });
    if (!checked.ok) throw new Error(checked.message);

    expect([checked.id, checked.timestamp, checked.timestampText, checked.signatures.length]).toEqual([
      ID,
      NOW,
      String(NOW),
      2,
    ]);
    expect(verifyWebhookSignature(checked, BODY, [previous.publicKey])).toEqual({
      ok: true,
      id: ID,
      timestamp: NOW,
      keyId: keyId(previous.publicKey),
    });
    expect(verifyWebhookSignature(checked, BODY, [stranger.publicKey])).toEqual(NO_VALID_SIGNATURE);
  });

  it('refuses a stale timestamp before any key is looked at', () => {
    expect(checkWebhookHeaders({ headers: signed({ timestamp: NOW - 301 }), nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'timestamp_too_old',
      message: 'webhook-timestamp is 301 s in the past, beyond the 300 s tolerance',
    });
  });
});
