/**
 * Why a request was not authenticated, in two words: what the caller is told and what the site's
 * log keeps. A refusal that depends on which credentials exist (an unknown app key, a signature
 * that does not match, a bearer token that is not one of the site's) tells the caller only
 * AUTHENTICATION_FAILED, so an unauthenticated caller cannot tell a real app key from a made-up one;
 * the log says which it was. Refusals that hold for every credential alike (nothing sent, a
 * malformed header, a stale TIMESTAMP) say what to fix.
 */
export const AUTHENTICATION_FAILED = 'authentication failed';

export interface Refusal {
  /** The 401's retmsg. */
  readonly message: string;
  /** What the site's log records. */
  readonly reason: string;
  /** The app key presented, for the log (cut short: it may be anything an attacker sent). */
  readonly appKey?: string;
}

/** A refusal whose reason the caller may read. */
export function refusal(message: string): Refusal {
  return { message, reason: message };
}

/** A refusal that must not tell an app key or token that exists from one that does not. */
export function credentialRefusal(reason: string, appKey?: string): Refusal {
  return { message: AUTHENTICATION_FAILED, reason, ...(appKey === undefined ? {} : { appKey: appKey.slice(0, 128) }) };
}
