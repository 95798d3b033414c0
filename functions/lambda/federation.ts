/**
 * The federation endpoint: peers' signed deliveries, through API Gateway without user auth (the
 * Standard Webhooks signature is the authentication, checked by the handler).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createFederationHandler } from '../federation/create-federation-handler.js';
import { awsSite } from './shared-site.js';
import { lambdaHandler } from './site-handler.js';

// The site is reached through the handler's own factory, so that a site that cannot be built
// still answers the peer with a protobuf 500 (which it retries), not with API Gateway's error.
// It creates the pool a peer's job.resource.apply draws on; it never writes the party registry
// (the scheduler and the API register the stack's peers).
const federation = createFederationHandler(async () => (await awsSite({ pool: true, peers: false })).inbound);

export const handler = lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
  'fate-flow-federation',
  (event) => federation(event),
);
