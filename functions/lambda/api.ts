/** The user API (FATE-Flow v1) behind API Gateway's HTTP API with IAM (SigV4) authorization. */
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../api/create-api-handler.js';
import { MAX_REQUEST_BODY_BYTES } from '../api/limits.js';
import { userApiRoutes } from '../api/routes/index.js';
import { drainBackground } from './drain-background.js';
import { awsSite, siteBackground } from './shared-site.js';

export const handler = createApiHandler({
  routes: userApiRoutes,
  // The API manages the registry and shows the pool: it prepares both at cold start.
  services: async () => (await awsSite({ pool: true, peers: true })).services,
  // API Gateway checked the SigV4 signature; a request without its IAM identity is refused.
  auth: { mode: 'iam' },
  maxBodyBytes: MAX_REQUEST_BODY_BYTES,
  logger: new Logger({ serviceName: 'fate-flow-api' }),
}).use(drainBackground(siteBackground));
