import { createHash } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  deriveSecretKey,
  SecretsManagerSigningKeyStore,
} from '../../../../functions/adapters/secrets/secrets-manager-signing-key-store.js';
import { encodeSecretKey, generateSigningKey, keyId, publicKeyOf } from '../../../../functions/domain/signing/keys.js';

const SECRET_ID = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fate-flow-signing-9999-AbCdEf';
const SEED = 'Q2xR8mVb0kTnY4sZpW7cH1dJ6fG3aL9eU5oI0yXtK2rM8vN4bS7qC1wE6hD3gF9z';
const metadata = { $metadata: {} };

describe('SecretsManagerSigningKeyStore', () => {
  const client = new SecretsManagerClient({ region: 'eu-west-1' });
  const secrets = mockClient(client);
  let now = 0;
  let stored = '';

  const store = () => new SecretsManagerSigningKeyStore(client, { secretId: SECRET_ID, clock: () => now });

  beforeEach(() => {
    secrets.reset();
    now = 1_767_268_800_000;
    stored = JSON.stringify({ seed: SEED });
    // A secret that keeps what is put into it, as Secrets Manager does.
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).callsFake(async () => ({ SecretString: stored }));
    secrets.on(PutSecretValueCommand, { SecretId: SECRET_ID }).callsFake(async (input: { SecretString?: string }) => {
      stored = input.SecretString ?? '';
      return {};
    });
  });

  it('derives the first key from the seed: SHA-256 of the seed is the Ed25519 secret key', async () => {
    const expected = encodeSecretKey(new Uint8Array(createHash('sha256').update(SEED).digest()));
    expect(deriveSecretKey(SEED)).toBe(expected);
    expect(await store().secretKeys()).toEqual([expected]);
  });

  it('writes nothing when the first key is derived, so every cold start agrees on it', async () => {
    const [first, second] = [store(), store()];
    expect(await first.secretKeys()).toEqual(await second.secretKeys());
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('uses the keys of the secret when it has some', async () => {
    const keys = [generateSigningKey().secretKey, generateSigningKey().secretKey];
    stored = JSON.stringify({ seed: SEED, keys });
    expect(await store().secretKeys()).toEqual(keys);
  });

  it('adds a key after the derived one and writes the seed and both keys', async () => {
    const added = generateSigningKey().secretKey;
    const keys = await store().addKey(added);
    expect(keys).toEqual([deriveSecretKey(SEED), added]);
    expect(secrets.commandCalls(PutSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: SECRET_ID, SecretString: JSON.stringify({ seed: SEED, keys: [deriveSecretKey(SEED), added] }) },
    ]);
  });

  it('adds a key it already holds without writing', async () => {
    expect(await store().addKey(deriveSecretKey(SEED))).toEqual([deriveSecretKey(SEED)]);
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('refuses to add something that is not a secret key, and writes nothing', async () => {
    await expect(store().addKey(generateSigningKey().publicKey)).rejects.toMatchObject({
      name: 'ArgumentError',
      message: 'secret key must start with whsk_ (this is a public key)',
    });
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('removes a key by its public key id and keeps the others in order', async () => {
    const [a, b, c] = [generateSigningKey(), generateSigningKey(), generateSigningKey()];
    stored = JSON.stringify({ seed: SEED, keys: [a.secretKey, b.secretKey, c.secretKey] });
    expect(await store().removeKey(keyId(b.publicKey))).toEqual([a.secretKey, c.secretKey]);
    expect(JSON.parse(stored)).toEqual({ seed: SEED, keys: [a.secretKey, c.secretKey] });
  });

  it('removes the derived key once a newer one was added', async () => {
    const keys = store();
    const added = generateSigningKey().secretKey;
    await keys.addKey(added);
    expect(await keys.removeKey(keyId(publicKeyOf(deriveSecretKey(SEED))))).toEqual([added]);
    expect(JSON.parse(stored)).toEqual({ seed: SEED, keys: [added] });
  });

  it('refuses to remove an unknown key or the only key', async () => {
    await expect(store().removeKey('0123456789abcdef')).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'this site has no signing key 0123456789abcdef',
    });
    const only = keyId(publicKeyOf(deriveSecretKey(SEED)));
    await expect(store().removeKey(only)).rejects.toMatchObject({
      name: 'OperatingError',
      message: `key ${only} is this site's only signing key; add a new one first`,
    });
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('reuses the keys it read for five minutes, then reads the secret again', async () => {
    const keys = store();
    await keys.secretKeys();
    now += 299_999;
    await keys.secretKeys();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    const rotated = generateSigningKey().secretKey;
    stored = JSON.stringify({ seed: SEED, keys: [rotated] });
    now += 1;
    expect(await keys.secretKeys()).toEqual([rotated]);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('serves its own write at once, without waiting out the cache', async () => {
    const keys = store();
    await keys.secretKeys();
    const added = generateSigningKey().secretKey;
    await keys.addKey(added);
    expect(await keys.secretKeys()).toEqual([deriveSecretKey(SEED), added]);
    // One read for the first call, one fresh read before the change, none after it.
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it.each([
    ['not JSON', 'seed', `signing-key secret ${SECRET_ID} is not a JSON string`],
    ['neither keys nor a seed', '{}', `signing-key secret ${SECRET_ID} holds neither keys nor a seed`],
    [
      'keys that are not strings',
      '{"keys":[1]}',
      `signing-key secret ${SECRET_ID} must be JSON { seed, keys? } with keys a list of strings`,
    ],
    [
      'a key that is not a signing key',
      '{"keys":["whsk_c2hvcnQ="]}',
      `signing-key secret ${SECRET_ID}: keys[0] is not a signing key (secret key must be 32 bytes, got 5)`,
    ],
  ])('refuses a secret holding %s, naming the secret but never a key', async (_what, secret, message) => {
    stored = secret;
    await expect(store().secretKeys()).rejects.toMatchObject({ name: 'ServerError', message });
  });

  it('lets Secrets Manager errors through', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejects(
        new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", ...metadata }),
      );
    await expect(store().secretKeys()).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
