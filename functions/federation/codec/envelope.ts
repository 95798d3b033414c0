import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  type Envelope,
  EnvelopeSchema,
  PartyRefSchema,
  type PartyRef as WirePartyRef,
} from '../../../proto/fateflow/federation/v1/federation_pb.js';
import { ArgumentError } from '../../domain/errors.js';
import type { PartyRef } from '../../domain/job/roles.js';
import type { FederatedMessage } from '../../domain/ports/peer-client.js';
import { type DecodedCommand, decodeCommand, encodeCommand } from './commands.js';
import { roles } from './wire-enums.js';
import {
  fieldError,
  fromWireInt64,
  MAX_PARTY_ID,
  MAX_TIME_MS,
  messageOf,
  requireJobId,
  requireText,
  toWireInt64,
} from './wire-fields.js';

/** What goes into an envelope: the message plus its id (the `webhook-id`) and creation time (ms). */
export type EnvelopeInput = FederatedMessage & { readonly messageId: string; readonly createdTime: number };

/** A message whose `command` narrows its `body`; assignable to {@link FederatedMessage}. */
export type DecodedMessage = DecodedCommand & {
  readonly jobId: string;
  readonly src: PartyRef;
  readonly dest: PartyRef;
};

export interface DecodedEnvelope {
  readonly messageId: string;
  readonly createdTime: number;
  readonly message: DecodedMessage;
}

/**
 * The protobuf binary body of a federation webhook. The envelope is checked exactly as the
 * receiver will check it, so a message that encodes also decodes; a bad field is an
 * ArgumentError naming it.
 */
export function encodeEnvelope(input: EnvelopeInput): Uint8Array {
  const envelope = create(EnvelopeSchema, {
    messageId: input.messageId,
    source: partyToWire('envelope.source', input.src),
    destination: partyToWire('envelope.destination', input.dest),
    jobId: input.jobId,
    createdTimeMs: toWireInt64('envelope.created_time_ms', input.createdTime, MAX_TIME_MS),
    command: encodeCommand(input.command, input.body),
  });
  envelopeFromWire(envelope);
  try {
    return toBinary(EnvelopeSchema, envelope);
  } catch (error) {
    // Only a value of the wrong JavaScript type (e.g. a number for a string) gets this far.
    throw new ArgumentError(`cannot encode federation envelope: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * A federation webhook body back to the message, checked field by field. Anything wrong with
 * the bytes is an ArgumentError: "not a federation envelope: ..." when they are not protobuf
 * of this shape, `envelope.<field>: ...` when a field is missing or invalid.
 */
export function decodeEnvelope(bytes: Uint8Array): DecodedEnvelope {
  let envelope: Envelope;
  try {
    envelope = fromBinary(EnvelopeSchema, bytes);
  } catch (error) {
    throw new ArgumentError(`not a federation envelope: ${messageOf(error)}`, { cause: error });
  }
  return envelopeFromWire(envelope);
}

function envelopeFromWire(envelope: Envelope): DecodedEnvelope {
  const messageId = requireText('envelope.message_id', envelope.messageId);
  const src = partyFromWire('envelope.source', envelope.source);
  const dest = partyFromWire('envelope.destination', envelope.destination);
  const jobId = requireJobId('envelope.job_id', envelope.jobId);
  const createdTime = fromWireInt64('envelope.created_time_ms', envelope.createdTimeMs, MAX_TIME_MS);
  const { command } = envelope;
  if (command.case === undefined) {
    const unknown = (envelope.$unknown ?? []).map((field) => field.no);
    throw fieldError(
      'envelope.command',
      unknown.length === 0
        ? 'is missing'
        : `is missing or unknown to this version (unknown fields ${unknown.join(', ')})`,
    );
  }
  return { messageId, createdTime, message: { ...decodeCommand(command.case, command.value), jobId, src, dest } };
}

function partyToWire(path: string, party: PartyRef): WirePartyRef {
  if (typeof party !== 'object' || party === null) throw fieldError(path, 'is missing');
  return create(PartyRefSchema, {
    role: roles.toWire(`${path}.role`, party.role),
    partyId: toWireInt64(`${path}.party_id`, party.partyId, MAX_PARTY_ID),
  });
}

function partyFromWire(path: string, party: WirePartyRef | undefined): PartyRef {
  if (party === undefined) throw fieldError(path, 'is missing');
  return {
    role: roles.fromWire(`${path}.role`, party.role),
    partyId: fromWireInt64(`${path}.party_id`, party.partyId, MAX_PARTY_ID),
  };
}
