import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ServerError } from '../../domain/errors.js';
import type { AppKeySource } from '../../domain/ports/app-key-source.js';

export interface SecretsManagerAppKeysOptions {
  /** ARN (or name) of the site's app-key secret (SITE_ENV.appKeysSecretArn). */
  readonly secretId: string;
  /**
   * How long the keys read are reused: every signed request needs them, and an operator's change
   * (a key added or removed) takes effect within this time.
   * @default 60_000 (1 min)
   */
  readonly cacheMs?: number;
  /** Epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
}

/** Bounded as the local site's app keys are (authenticate.ts): a NONCE record's key stays small. */
const secretJson = z.record(z.string().min(1).max(256), z.string().min(1));

/**
 * The site's app keys in one Secrets Manager secret, JSON `{ "<app key>": "<secret key>" }`
 * (`{}` for none). A malformed secret is a server error that names the secret and what is wrong
 * with it, never a value from it: those are secrets.
 */
export class SecretsManagerAppKeys implements AppKeySource {
  private readonly cacheMs: number;
  private readonly clock: () => number;
  private cached: { readonly keys: ReadonlyMap<string, string>; readonly at: number } | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly options: SecretsManagerAppKeysOptions,
  ) {
    this.cacheMs = options.cacheMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
  }

  async appKeys(): Promise<ReadonlyMap<string, string>> {
    const now = this.clock();
    if (this.cached !== undefined && now - this.cached.at < this.cacheMs) return this.cached.keys;
    const output = await this.client.send(new GetSecretValueCommand({ SecretId: this.options.secretId }));
    const keys = this.parse(output.SecretString);
    this.cached = { keys, at: now };
    return keys;
  }

  private parse(text: string | undefined): ReadonlyMap<string, string> {
    const problem = `app-key secret ${this.options.secretId}`;
    let json: unknown;
    try {
      json = JSON.parse(text ?? '');
    } catch {
      throw new ServerError(`${problem} is not a JSON string`);
    }
    const parsed = secretJson.safeParse(json);
    if (!parsed.success) {
      throw new ServerError(
        `${problem} must be a JSON object { "<app key>": "<secret key>" } of non-empty strings, app keys at most 256 characters`,
      );
    }
    return new Map(Object.entries(parsed.data));
  }
}
