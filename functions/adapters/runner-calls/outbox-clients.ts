/**
 * The runner's ways out in AWS, through the site's `runnerOutbox` function (contract.ts): a
 * PeerTransport for its signed transfers, and an EventBus for its TaskEnded announcement.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import type { EventBus } from '../../domain/ports/event-bus.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import type { PeerTransport } from '../peers/peer-transport.js';
import { type OutboxCall, outboxReply } from './contract.js';
import { invokeJson } from './lambda-invoke.js';

export function outboxTransport(lambda: LambdaClient, functionName: string): PeerTransport {
  return {
    async post(party, body, headers) {
      const call: OutboxCall = {
        kind: 'transfer',
        partyId: party.partyId,
        body: Buffer.from(body).toString('base64'),
        headers: { ...headers },
      };
      const answer = await invokeJson(lambda, functionName, call, outboxReply);
      return { status: answer.status, body: new Uint8Array(Buffer.from(answer.body, 'base64')) };
    },
    close() {},
  };
}

const acknowledged = z.strictObject({});

/** Only the runner's own event goes this way: TaskEnded (the outbox refuses anything else). */
export function outboxEventBus(lambda: LambdaClient, functionName: string): EventBus {
  return {
    async publish(events) {
      for (const event of events) {
        if (event.type !== 'TaskEnded' || !isEndStatus(event.status)) {
          throw new Error(`a runner announces only its task's end, not ${event.type}`);
        }
        const { jobId, component, taskVersion, role, partyId, status } = event;
        const call: OutboxCall = { kind: 'taskEnded', task: { jobId, component, taskVersion, role, partyId }, status };
        await invokeJson(lambda, functionName, call, acknowledged);
      }
    },
  };
}
