/**
 * The user API (FATE-Flow v1) behind API Gateway's HTTP APIs: the users' (IAM, SigV4), the board's
 * (Cognito JWT) and the app-key API, whose Lambda authorizer (app-key-authorizer.ts) checks FATE's
 * client signing headers; a request from the latter has no IAM identity and its signature is
 * checked again here, over the body.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../api/create-api-handler.js';
import { MAX_REQUEST_BODY_BYTES } from '../api/limits.js';
import { userApiRoutes } from '../api/routes/index.js';
import { apiColdStart, composeApi, composeApiAppKeyAuth } from './compose/api.js';
import { containerSite } from './shared-site.js';

const site = containerSite(composeApi, apiColdStart);
const appKeyAuth = containerSite(composeApiAppKeyAuth);

// No background work to drain: no route starts any (a task start's report runs in `federation`).
export const handler = createApiHandler({
  routes: userApiRoutes,
  services: async () => await site(),
  // SigV4 or the board's Cognito token: API Gateway checked it and names the caller. Otherwise FATE's app-key
  // signature, checked in full (the authorizer cannot see the body) and its NONCE remembered once.
  auth: {
    mode: 'iam',
    appKeys: { appKeys: async () => (await appKeyAuth()).appKeys.appKeys() },
    nonces: {
      rememberNonce: async (appKey, nonce, expiresAt) =>
        (await appKeyAuth()).nonces.rememberNonce(appKey, nonce, expiresAt),
    },
  },
  maxBodyBytes: MAX_REQUEST_BODY_BYTES,
  logger: new Logger({ serviceName: 'fate-flow-api' }),
});
