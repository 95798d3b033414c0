/**
 * The app-key API's Lambda authorizer: FATE's client signing headers checked against the app keys
 * in Secrets Manager (SITE_ENV.appKeysSecretArn), before a request reaches the user API.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerAppKeys } from '../adapters/secrets/secrets-manager-app-keys.js';
import { createAppKeyAuthorizer } from '../api/app-key-authorizer.js';
import { containerSite } from './shared-site.js';

// Built on the first request (the module may be imported without an environment).
const appKeys = containerSite(
  (config) => new SecretsManagerAppKeys(new SecretsManagerClient({}), { secretId: config.appKeysSecretArn }),
);

export const handler = createAppKeyAuthorizer({
  appKeys: { appKeys: async () => (await appKeys()).appKeys() },
  logger: new Logger({ serviceName: 'fate-flow-app-key-authorizer' }),
});
