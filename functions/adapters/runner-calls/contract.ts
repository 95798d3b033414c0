/**
 * What a runner asks of its site's Lambdas in AWS, where it has no route to the internet and no
 * signing key (infra/README.md): the `delegation` function certifies its ephemeral key, the
 * `runnerOutbox` function carries its signed transfers to peers and announces its task's end.
 * Both sides parse with these schemas, so a malformed call is refused naming the field.
 */
import * as z from 'zod';
import { ROLES } from '../../domain/job/roles.js';
import { END_STATUSES } from '../../domain/status/statuses.js';

export const taskKeySchema = z.strictObject({
  jobId: z.string().min(1).max(256),
  component: z.string().min(1).max(256),
  taskVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  role: z.enum(ROLES),
  partyId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/** The runner's ephemeral key, with the ticket its launch was given. */
export const delegationCall = z.strictObject({
  task: taskKeySchema,
  publicKey: z.string().min(1).max(128),
  ticket: z.string().min(1).max(128),
});
export type DelegationCall = z.infer<typeof delegationCall>;

export const delegationReply = z.strictObject({
  certificate: z.string().min(1),
  notAfter: z.number().int().min(0),
});
export type DelegationReply = z.infer<typeof delegationReply>;

/**
 * A receiver's body limit (MAX_FEDERATION_BODY_BYTES in receive-delivery.ts, equal by a unit test;
 * not imported, so that a runner announcing its end does not load the federation endpoint).
 */
export const MAX_RELAYED_BODY_BYTES = 1024 * 1024;
/** Base64 of at most MAX_RELAYED_BODY_BYTES: a peer would refuse anything larger. */
const envelope = z.string().max(Math.ceil(MAX_RELAYED_BODY_BYTES / 3) * 4);

export const outboxCall = z.discriminatedUnion('kind', [
  /** A signed envelope for the peer `partyId`: the outbox finds its endpoint in the registry itself. */
  z.strictObject({
    kind: z.literal('transfer'),
    partyId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    body: envelope,
    headers: z.record(z.string().max(64), z.string().max(8192)),
  }),
  /** The runner wrote its task's end: TaskEnded on the site's bus. */
  z.strictObject({
    kind: z.literal('taskEnded'),
    task: taskKeySchema,
    status: z.enum(END_STATUSES),
  }),
]);
export type OutboxCall = z.infer<typeof outboxCall>;

/** The peer's answer to a transfer: its HTTP status and raw body. */
export const outboxReply = z.strictObject({ status: z.number().int(), body: z.string() });
export type OutboxReply = z.infer<typeof outboxReply>;

/** The headers a transfer may carry through the outbox: its signature and its certificate, nothing else. */
export const RELAYED_HEADERS = [
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'fate-flow-delegation',
] as const;
