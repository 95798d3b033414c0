/**
 * The federation endpoint: peers' signed deliveries, through API Gateway without user auth (the
 * Standard Webhooks signature is the authentication, checked by the handler); and this site's own
 * messages, from its other functions by direct invocation (a loopback event).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { isLoopbackEvent, type LoopbackAnswer, type LoopbackEvent } from '../adapters/peers/loopback-event.js';
import { createFederationHandler } from '../federation/create-federation-handler.js';
import { composeFederation, federationColdStart } from './compose/federation.js';
import { receiveLoopback } from './receive-loopback.js';
import { containerSite } from './shared-site.js';
import { lambdaHandler } from './site-handler.js';

const site = containerSite(composeFederation, federationColdStart);

// The site is reached through the handler's own factory, so that a site that cannot be built
// still answers the peer with a protobuf 500 (which it retries), not with API Gateway's error.
const federation = createFederationHandler(async () => (await site()).inbound);

const entry = lambdaHandler<
  APIGatewayProxyEventV2 | Record<string, unknown>,
  APIGatewayProxyStructuredResultV2 | LoopbackAnswer
>('fate-flow-federation', site, async (event) => {
  // A loopback event is trusted without a signature: only a principal granted lambda:InvokeFunction
  // on this function can invoke it directly, which the stack grants to this site's own functions
  // alone. Whatever reaches it through API Gateway arrives as an HTTP event (requestContext, the
  // caller's bytes in `body`), which never has this shape.
  if (isLoopbackEvent(event)) return receiveLoopback((await site()).receiver, event);
  return federation(event as APIGatewayProxyEventV2);
});

/** Each event's own answer: an HTTP response to API Gateway, a loopback answer to an invoking function. */
interface FederationEntry {
  (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2>;
  (event: LoopbackEvent, context: Context): Promise<LoopbackAnswer>;
}

export const handler = entry as FederationEntry & typeof entry;
