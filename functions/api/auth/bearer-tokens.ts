import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks a presented token against every configured one in constant time: both sides are hashed
 * to equal-length digests first, and the loop never stops early, so neither the length nor the
 * position of a match can be timed.
 */
export function bearerTokenMatcher(tokens: readonly string[]): (presented: string) => boolean {
  const digests = tokens.map(sha256);
  return (presented) => {
    const candidate = sha256(presented);
    let matched = false;
    for (const digest of digests) matched = timingSafeEqual(digest, candidate) || matched;
    return matched;
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
