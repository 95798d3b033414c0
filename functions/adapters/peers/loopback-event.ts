/**
 * The event a function of a site invokes the site's own `federation` function with, to hand it a
 * message addressed to this same site (invoked-federation-receiver.ts), and the answer. The message
 * travels as the federation wire's protobuf envelope (base64), so it is checked by the same codec as
 * a peer's; the answer is a protobuf Reply.
 *
 * API Gateway can never produce this shape: its proxy events always carry `requestContext`, and a
 * caller's JSON is only ever inside the event's `body` string, never at its top level.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { ArgumentError } from '../../domain/errors.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import {
  type DecodedMessage,
  decodeEnvelope,
  decodeReply,
  encodeEnvelope,
  encodeReply,
} from '../../federation/codec/index.js';

export interface LoopbackEvent {
  /** The message's protobuf envelope, base64. */
  readonly loopback: string;
}

export interface LoopbackAnswer {
  /** The receiver's protobuf Reply, base64. */
  readonly reply: string;
}

const loopbackEventSchema = z.strictObject({ loopback: z.base64().min(1) });
const loopbackAnswerSchema = z.strictObject({ reply: z.base64() });

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const bytesOf = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

export function loopbackEvent(message: FederatedMessage, clock: () => number): LoopbackEvent {
  return { loopback: base64(encodeEnvelope({ ...message, messageId: randomUUID(), createdTime: clock() })) };
}

/** Whether `event` has the loopback shape at all (then it is never an HTTP request, well-formed or not). */
export function isLoopbackEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && !('requestContext' in event) && 'loopback' in event;
}

/**
 * The message of a loopback event; an ArgumentError naming what is wrong for an event of that
 * shape that does not hold a well-formed envelope.
 */
export function loopbackMessageOf(event: unknown): DecodedMessage {
  const parsed = loopbackEventSchema.safeParse(event);
  if (!parsed.success) throw new ArgumentError(`loopback event: ${z.prettifyError(parsed.error)}`);
  return decodeEnvelope(bytesOf(parsed.data.loopback)).message;
}

export function loopbackAnswer(reply: PeerReply): LoopbackAnswer {
  return { reply: base64(encodeReply(reply)) };
}

/** The reply in a loopback answer; an ArgumentError for anything else. */
export function replyOfLoopbackAnswer(answer: unknown): PeerReply {
  const parsed = loopbackAnswerSchema.safeParse(answer);
  if (!parsed.success) throw new ArgumentError(`loopback answer: ${z.prettifyError(parsed.error)}`);
  return decodeReply(bytesOf(parsed.data.reply));
}
