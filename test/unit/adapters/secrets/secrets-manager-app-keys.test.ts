import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { SecretsManagerAppKeys } from '../../../../functions/adapters/secrets/secrets-manager-app-keys.js';

const SECRET_ID = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fate-flow-app-keys-9999-GhIjKl';

describe('SecretsManagerAppKeys', () => {
  const client = new SecretsManagerClient({ region: 'eu-west-1' });
  const secrets = mockClient(client);
  let now = 0;
  let stored = '';

  const source = () => new SecretsManagerAppKeys(client, { secretId: SECRET_ID, clock: () => now });

  beforeEach(() => {
    secrets.reset();
    now = 1_767_268_800_000;
    stored = JSON.stringify({ 'app-key-1': 'secret-key-1', 'app-key-2': 'secret-key-2' });
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).callsFake(async () => ({ SecretString: stored }));
  });

  it('reads the app keys from the secret, and reuses them for a minute', async () => {
    const keys = source();
    expect([...(await keys.appKeys())]).toEqual([
      ['app-key-1', 'secret-key-1'],
      ['app-key-2', 'secret-key-2'],
    ]);
    stored = '{}';
    now += 59_999;
    expect((await keys.appKeys()).size).toBe(2);
    now += 1;
    expect((await keys.appKeys()).size).toBe(0);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it.each([
    ['not JSON', 'app-key-1=secret', `app-key secret ${SECRET_ID} is not a JSON string`],
    [
      'a secret key that is not a string',
      '{"app-key-1": 42}',
      `app-key secret ${SECRET_ID} must be a JSON object { "<app key>": "<secret key>" } of non-empty strings, app keys at most 256 characters`,
    ],
  ])('refuses a secret that is %s, naming the secret but no value from it', async (_case, text, message) => {
    stored = text;
    await expect(source().appKeys()).rejects.toThrow(message);
  });
});
