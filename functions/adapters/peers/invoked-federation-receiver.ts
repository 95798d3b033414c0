import type { LambdaClient } from '@aws-sdk/client-lambda';
import { FederatedError } from '../../domain/errors.js';
import type { FederatedMessage, FederationReceiver, PeerReply } from '../../domain/ports/peer-client.js';
import { invokeFunction } from '../runner-calls/lambda-invoke.js';
import { loopbackEvent, replyOfLoopbackAnswer } from './loopback-event.js';

export interface InvokedFederationReceiverOptions {
  /** The unqualified ARN of this site's `federation` function. */
  readonly functionArn: string;
  /** Epoch milliseconds: the envelope's creation time. */
  readonly clock: () => number;
}

/**
 * This site's receiver, reached by invoking the site's own `federation` function synchronously
 * (RequestResponse) with a loopback event: the function that holds what receiving needs (starting
 * and stopping runners, settling components) runs it, and the invoking function needs only
 * `lambda:InvokeFunction` on it. The federation function admits the message and receives it in the
 * one invocation, so `admit` here has nothing left to check.
 */
export class InvokedFederationReceiver implements FederationReceiver {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly options: InvokedFederationReceiverOptions,
  ) {}

  /** Admission happens in the federation function, before it receives: nothing to do on this side. */
  async admit(_message: FederatedMessage): Promise<void> {}

  async receive(message: FederatedMessage): Promise<PeerReply> {
    const event = loopbackEvent(message, this.options.clock);
    const outcome = await invokeFunction(this.lambda, this.options.functionArn, event);
    const what = `${message.command} for ${message.dest.role} ${message.dest.partyId} (this site)`;
    if ('failed' in outcome) {
      // Like a peer that answered 5xx: the caller's retries (a step's, the detector's resend) apply.
      throw new FederatedError(`this site's federation function failed ${what}: ${outcome.failed}`, {
        details: { partyId: message.dest.partyId, command: message.command },
      });
    }
    try {
      return replyOfLoopbackAnswer(JSON.parse(outcome.answer));
    } catch (error) {
      throw new FederatedError(`this site's federation function answered ${what} with no reply`, { cause: error });
    }
  }
}
