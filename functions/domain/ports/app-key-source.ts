/**
 * Where a site keeps the app keys FATE's client signs with (`flow init --app-key K --secret-key S`):
 * a fixed map given at start for a local site, a Secrets Manager secret in AWS, which an operator
 * may change while the site runs.
 */
export interface AppKeySource {
  /** app key → secret key. */
  appKeys(): Promise<ReadonlyMap<string, string>>;
}
