/**
 * The `runnerOutbox` function: a runner's way out of its private subnets (no NAT, no route to the
 * internet). It posts a runner's signed `transfer` envelope to the federation endpoint the party
 * registry holds for the peer (never a URL the runner names), and puts the runner's TaskEnded on
 * the site's bus. It holds no key: the envelope arrives signed with the runner's delegated key.
 */
import * as z from 'zod';
import { httpsTransport, type PeerTransport } from '../adapters/peers/peer-transport.js';
import { type OutboxCall, type OutboxReply, outboxCall, RELAYED_HEADERS } from '../adapters/runner-calls/contract.js';
import { ArgumentError, NotFoundError } from '../domain/errors.js';
import { composeRunnerOutbox, type RunnerOutboxPorts } from './compose/runner-outbox.js';
import { containerSite } from './shared-site.js';
import { siteHandler } from './site-handler.js';

async function relay(
  ports: RunnerOutboxPorts,
  transport: PeerTransport,
  call: Extract<OutboxCall, { kind: 'transfer' }>,
): Promise<OutboxReply> {
  const party = await ports.parties.getParty(call.partyId);
  if (party === undefined) throw new NotFoundError(`party ${call.partyId} is not in this site's party registry`);
  const headers: Record<string, string> = {};
  for (const name of RELAYED_HEADERS) {
    const value = call.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const answer = await transport.post(party, new Uint8Array(Buffer.from(call.body, 'base64')), headers);
  return { status: answer.status, body: Buffer.from(answer.body).toString('base64') };
}

/** The handler over `transport` (tests give one of their own; the entry, HTTPS to the public CAs). */
export function runnerOutbox(transport: PeerTransport) {
  return siteHandler(
    'fate-flow-runner-outbox',
    containerSite(composeRunnerOutbox),
    async (ports, event: unknown): Promise<OutboxReply | Record<string, never>> => {
      const parsed = outboxCall.safeParse(event);
      if (!parsed.success) throw new ArgumentError(`outbox call: ${z.prettifyError(parsed.error)}`);
      const call = parsed.data;
      if (call.kind === 'transfer') return relay(ports, transport, call);
      if (call.task.partyId !== ports.partyId) {
        throw new ArgumentError(`task of party ${call.task.partyId} announced at the site of party ${ports.partyId}`);
      }
      await ports.events.publish([{ type: 'TaskEnded', ...call.task, status: call.status }]);
      return {};
    },
  );
}

/** Kept while the container is warm: a task's parts go to the same peer, over the same connections. */
export const handler = runnerOutbox(httpsTransport());
