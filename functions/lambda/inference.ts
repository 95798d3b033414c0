/** FATE-Serving's inference routes at the guest's site, behind the site's HTTP API with IAM (SigV4) authorization. */
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../api/create-api-handler.js';
import { MAX_REQUEST_BODY_BYTES } from '../api/limits.js';
import { inferenceRoutes } from '../api/routes/inference-routes.js';
import { composeInference } from './compose/inference.js';
import { containerSite } from './shared-site.js';

// A warm container keeps its site, and with it the models already read (services/inference/serving-cache.ts).
const site = containerSite(composeInference);

export const handler = createApiHandler({
  routes: inferenceRoutes,
  services: async () => await site(),
  auth: { mode: 'iam' },
  maxBodyBytes: MAX_REQUEST_BODY_BYTES,
  logger: new Logger({ serviceName: 'fate-flow-inference' }),
});
