/** The user API (FATE-Flow v1) behind API Gateway's HTTP APIs: the users' (IAM, SigV4) and the board's (Cognito JWT). */
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../api/create-api-handler.js';
import { MAX_REQUEST_BODY_BYTES } from '../api/limits.js';
import { userApiRoutes } from '../api/routes/index.js';
import { apiColdStart, composeApi } from './compose/api.js';
import { containerSite } from './shared-site.js';

const site = containerSite(composeApi, apiColdStart);

// No background work to drain: no route starts any (a task start's report runs in `federation`).
export const handler = createApiHandler({
  routes: userApiRoutes,
  services: async () => await site(),
  // API Gateway checked the SigV4 signature (users' API) or the Cognito token (the board's API);
  // a request without the identity it established is refused.
  auth: { mode: 'iam' },
  maxBodyBytes: MAX_REQUEST_BODY_BYTES,
  logger: new Logger({ serviceName: 'fate-flow-api' }),
});
