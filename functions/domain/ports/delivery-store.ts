import type { PeerReply } from './peer-client.js';

/**
 * What the federation receiver remembers between deliveries:
 * - each webhook id it accepted, until it expires, so a captured request replayed is refused;
 * - each message id it answered, with the answer, so a sender's retry (a new webhook id, the same
 *   message) gets the same answer and has no second effect.
 * Expiry is an attribute readers compare with the clock (no reliance on TTL).
 */
export interface DeliveryStore {
  /** Records a webhook id; 'seen' if it was recorded before and has not expired. */
  rememberWebhook(webhookId: string, expiresAt: number): Promise<'new' | 'seen'>;
  answeredReply(messageId: string): Promise<PeerReply | undefined>;
  /** Keeps the first answer stored for a message id; returns the one that is kept. */
  storeReply(messageId: string, reply: PeerReply, expiresAt: number): Promise<PeerReply>;
}
