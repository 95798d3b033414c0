import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { RetCode } from '../domain/errors.js';
import type { PeerReply } from '../domain/ports/peer-client.js';
import { encodeReply } from './codec/index.js';
import { type InboundDeps, receiveDelivery } from './inbound/receive-delivery.js';

/** The one federation route: every inter-party command is a signed POST of an envelope here. */
export const FEDERATION_PATH = '/v1/federation';
export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';

export type FederationHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

function respond(status: number, reply: PeerReply): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': PROTOBUF_CONTENT_TYPE },
    body: Buffer.from(encodeReply(reply)).toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * The federation endpoint as an API Gateway HTTP API (v2) handler, in AWS and locally alike. No
 * user auth here: the Standard Webhooks signature is the authentication, checked in
 * `receiveDelivery`. Answers are protobuf `Reply`s, refusals included.
 */
export function createFederationHandler(deps: () => InboundDeps | Promise<InboundDeps>): FederationHandler {
  return async (event) => {
    if (event.requestContext.http.method !== 'POST' || event.rawPath !== FEDERATION_PATH) {
      return respond(404, {
        retcode: RetCode.ARGUMENT_ERROR,
        retmsg: `no such route: ${event.requestContext.http.method} ${event.rawPath}`,
      });
    }
    const raw = event.body ?? '';
    const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
    try {
      const outcome = await receiveDelivery(
        await deps(),
        headers,
        new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      );
      return respond(outcome.status, outcome.reply);
    } catch (error) {
      // Our fault, not the sender's: a 500 it retries; the details stay in our log.
      console.error('federation delivery failed', error);
      return respond(500, { retcode: RetCode.SERVER_ERROR, retmsg: 'internal server error' });
    }
  };
}
