/**
 * The NONCEs of FATE client signatures (APP_KEY/SECRET_KEY signing) the user API accepted, each
 * kept until its TIMESTAMP leaves the acceptance window. FATE's signature covers the path and a
 * JSON or form body but not a multipart upload's file, so a captured upload could otherwise be
 * sent again, with another file, as long as its TIMESTAMP is fresh; remembering the pair refuses
 * that. Expiry is an attribute readers compare with the clock (no reliance on TTL).
 */
export interface NonceStore {
  /** Records the pair; 'seen' if it was recorded before and has not expired. */
  rememberNonce(appKey: string, nonce: string, expiresAt: number): Promise<'new' | 'seen'>;
}
