import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { type Reply, ReplySchema } from '../../../proto/fateflow/federation/v1/federation_pb.js';
import { ArgumentError } from '../../domain/errors.js';
import type { PeerReply } from '../../domain/ports/peer-client.js';
import { fieldError, messageOf, parseJsonText, toJsonText } from './wire-fields.js';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** The protobuf binary body of the answer to a federation webhook; `data` travels as JSON text. */
export function encodeReply(reply: PeerReply): Uint8Array {
  const { retcode, retmsg, data } = reply;
  if (typeof retcode !== 'number' || !Number.isInteger(retcode) || retcode < INT32_MIN || retcode > INT32_MAX) {
    throw fieldError('reply.retcode', `must be a 32-bit integer, got ${String(retcode)}`);
  }
  if (typeof retmsg !== 'string') throw fieldError('reply.retmsg', `must be a string, got ${typeof retmsg}`);
  const message = create(ReplySchema, {
    retcode,
    retmsg,
    ...(data === undefined ? {} : { dataJson: toJsonText('reply.data_json', data) }),
  });
  return toBinary(ReplySchema, message);
}

/** A federation reply body back to `{retcode, retmsg, data?}`; bad bytes or data are ArgumentErrors. */
export function decodeReply(bytes: Uint8Array): PeerReply {
  let reply: Reply;
  try {
    reply = fromBinary(ReplySchema, bytes);
  } catch (error) {
    throw new ArgumentError(`not a federation reply: ${messageOf(error)}`, { cause: error });
  }
  const { retcode, retmsg, dataJson } = reply;
  return dataJson === undefined
    ? { retcode, retmsg }
    : { retcode, retmsg, data: parseJsonText('reply.data_json', dataJson) };
}
