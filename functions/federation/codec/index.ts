/**
 * The wire form of federation messages: protobuf binary per `proto/fateflow/federation/v1`.
 * Encoding and decoding check the same rules; every failure is an ArgumentError.
 */
export type { DecodedCommand } from './commands.js';
export {
  type DecodedEnvelope,
  type DecodedMessage,
  decodeEnvelope,
  type EnvelopeInput,
  encodeEnvelope,
} from './envelope.js';
export { decodeReply, encodeReply } from './reply.js';
