import { isAppError } from '../../domain/errors.js';
import type { PeerReply } from '../../domain/ports/peer-client.js';

/**
 * A refusal is stored as the message's answer (one item, for the sender's retries): a message that
 * quotes kilobytes of what was sent is cut, so the answer always fits.
 */
const MAX_REPLY_MESSAGE_LENGTH = 2000;

function bounded(message: string): string {
  return message.length > MAX_REPLY_MESSAGE_LENGTH ? `${message.slice(0, MAX_REPLY_MESSAGE_LENGTH - 3)}...` : message;
}

/**
 * Runs a command handler and turns its refusals into FATE replies (retcode and message), so the
 * sender can combine them; only our own faults propagate.
 */
export async function replyOrRefusal(handle: () => Promise<PeerReply>): Promise<PeerReply> {
  try {
    return await handle();
  } catch (error) {
    if (isAppError(error) && error.expose) return { retcode: error.retcode, retmsg: bounded(error.message) };
    throw error;
  }
}
