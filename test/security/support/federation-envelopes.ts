import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import {
  type Envelope,
  EnvelopeSchema,
  PartyRefSchema,
  Role,
} from '../../../proto/fateflow/federation/v1/federation_pb.js';
import { type Command, commands, enumValue, int64, text } from './federation-commands.js';
import type { FederationTargets } from './federation-targets.js';

/**
 * Federation envelopes as a registered peer could sign them: every command, with job ids, parties,
 * enums, times, task versions and bodies from valid to hostile. Built straight in protobuf (not
 * through our encoder, which refuses what a hostile peer would still send).
 */

interface Addressing {
  readonly jobId: string;
  readonly source: { readonly role: number; readonly partyId: bigint };
  readonly destination: { readonly role: number; readonly partyId: bigint };
}

/**
 * Who writes to whom about which job, and what: mostly as the job's parties would (the sender as
 * host or arbiter of the receiver's job, reporting; as initiator of its own jobs, where the
 * receiver is host, commanding), and sometimes anything at all.
 */
function addressedCommands(targets: FederationTargets): fc.Arbitrary<Addressing & { readonly command: Command }> {
  const sender = BigInt(targets.sender);
  const receiver = BigInt(targets.receiver);
  const { all, fromParty, fromInitiator } = commands(targets);
  const aboutReceiversJob = fc.record({
    jobId: fc.constant(targets.jobId),
    source: fc.record({ role: fc.constantFrom(Role.HOST, Role.ARBITER), partyId: fc.constant(sender) }),
    destination: fc.constant({ role: Role.GUEST, partyId: receiver }),
    command: fromParty,
  });
  const aboutSendersJob = fc.record({
    jobId: fc.constantFrom(...targets.peerJobIds),
    source: fc.constant({ role: Role.GUEST, partyId: sender }),
    destination: fc.constant({ role: Role.HOST, partyId: receiver }),
    command: fromInitiator,
  });
  const party = fc.record({
    role: enumValue(4),
    partyId: fc.oneof(fc.constantFrom(sender, receiver), fc.constantFrom(7777n, 0n, 2n ** 31n, -1n)),
  });
  const anything = fc.record({
    jobId: fc.oneof(fc.constantFrom(targets.jobId, ...targets.peerJobIds), fc.stringMatching(/^[0-9]{21}$/), text),
    source: party,
    destination: party,
    command: all,
  });
  return fc.oneof(
    { arbitrary: aboutReceiversJob, weight: 7 },
    { arbitrary: aboutSendersJob, weight: 9 },
    { arbitrary: anything, weight: 3 },
  );
}

/** One envelope's protobuf bytes. */
export function federationEnvelopes(targets: FederationTargets): fc.Arbitrary<Uint8Array> {
  const createdTime = fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: int64, weight: 1 });
  return fc
    .tuple(fc.uuid(), addressedCommands(targets), createdTime)
    .map(([messageId, { jobId, source, destination, command }, created]) =>
      toBinary(
        EnvelopeSchema,
        create(EnvelopeSchema, {
          messageId,
          source: create(PartyRefSchema, source),
          destination: create(PartyRefSchema, destination),
          jobId,
          createdTimeMs: created ?? BigInt(Date.now()),
          command,
        }),
      ),
    );
}

/** An envelope in a line for a failure message: its fields, long strings and byte arrays by their length. */
export function describeEnvelope(bytes: Uint8Array): string {
  let envelope: Envelope;
  try {
    envelope = fromBinary(EnvelopeSchema, bytes);
  } catch {
    return `not an envelope: ${Buffer.from(bytes.subarray(0, 60)).toString('hex')}`;
  }
  return JSON.stringify(envelope, (key, value: unknown) => {
    if (key === '$typeName') return undefined;
    if (typeof value === 'bigint') return String(value);
    if (typeof value === 'string' && value.length > 60) return `<${value.length} characters: ${value.slice(0, 20)}…>`;
    if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
    return value;
  });
}
