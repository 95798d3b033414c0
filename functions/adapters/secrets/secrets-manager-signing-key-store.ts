import { createHash } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { NotFoundError, OperatingError, ServerError } from '../../domain/errors.js';
import type { SigningKeyStore } from '../../domain/ports/signing-key-store.js';
import { encodeSecretKey, keyId, parseSecretKey, publicKeyOf } from '../../domain/signing/keys.js';

export interface SecretsManagerSigningKeyStoreOptions {
  /** ARN (or name) of the site's signing-key secret. */
  readonly secretId: string;
  /** How long keys read from the secret are reused. @default 300_000 (5 min) */
  readonly cacheMs?: number;
  /** Epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
}

/**
 * The secret's JSON. The stack creates it as `{ seed }` (a random string Secrets Manager
 * generates); `keys` appears with the first rotation. The key list is checked key by key, but
 * errors never repeat a key: they would put a secret into the logs.
 */
const secretJson = z.object({
  seed: z.string().min(1).optional(),
  keys: z.array(z.string()).optional(),
});

/** The secret as this store uses it: the seed (kept on every write) and the effective keys. */
interface StoredKeys {
  readonly seed?: string;
  readonly keys: readonly string[];
}

/**
 * The site's Ed25519 signing keys in one Secrets Manager secret. Until the first rotation the
 * site's only key is derived from the secret's seed (SHA-256 of the seed is the 32-byte Ed25519
 * secret key), so the first use writes nothing and concurrent cold starts all agree on it.
 * A rotation writes `{ seed, keys }`. Keys are cached briefly: signing happens on every peer call.
 *
 * Secrets Manager has no compare-and-set: two changes at the same instant (from two Lambdas) may
 * lose one, which `flow key query` shows and a second rotation redoes. Rotations are rare admin acts.
 */
export class SecretsManagerSigningKeyStore implements SigningKeyStore {
  private readonly cacheMs: number;
  private readonly clock: () => number;
  private cached: { readonly secret: StoredKeys; readonly at: number } | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly options: SecretsManagerSigningKeyStoreOptions,
  ) {
    this.cacheMs = options.cacheMs ?? 300_000;
    this.clock = options.clock ?? Date.now;
  }

  async secretKeys(): Promise<readonly string[]> {
    return (await this.read()).keys;
  }

  async addKey(secretKey: string): Promise<readonly string[]> {
    parseSecretKey(secretKey);
    const secret = await this.read({ fresh: true });
    if (secret.keys.includes(secretKey)) return secret.keys;
    return this.write(secret.seed, [...secret.keys, secretKey]);
  }

  async removeKey(id: string): Promise<readonly string[]> {
    const secret = await this.read({ fresh: true });
    const kept = secret.keys.filter((key) => keyId(publicKeyOf(key)) !== id);
    if (kept.length === secret.keys.length) throw new NotFoundError(`this site has no signing key ${id}`);
    if (kept.length === 0) throw new OperatingError(`key ${id} is this site's only signing key; add a new one first`);
    return this.write(secret.seed, kept);
  }

  /** The secret with its effective keys; a change (addKey, removeKey) reads it fresh first. */
  private async read(options: { readonly fresh?: boolean } = {}): Promise<StoredKeys> {
    const now = this.clock();
    if (!options.fresh && this.cached !== undefined && now - this.cached.at < this.cacheMs) return this.cached.secret;
    const output = await this.client.send(new GetSecretValueCommand({ SecretId: this.options.secretId }));
    const secret = this.parse(output.SecretString);
    this.cached = { secret, at: now };
    return secret;
  }

  private parse(text: string | undefined): StoredKeys {
    const problem = `signing-key secret ${this.options.secretId}`;
    let json: unknown;
    try {
      json = JSON.parse(text ?? '');
    } catch {
      throw new ServerError(`${problem} is not a JSON string`);
    }
    const parsed = secretJson.safeParse(json);
    if (!parsed.success) throw new ServerError(`${problem} must be JSON { seed, keys? } with keys a list of strings`);
    const { seed, keys } = parsed.data;
    if (keys !== undefined && keys.length > 0) {
      keys.forEach((key, index) => {
        try {
          parseSecretKey(key);
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          throw new ServerError(`${problem}: keys[${index}] is not a signing key (${why})`);
        }
      });
      return { ...(seed === undefined ? {} : { seed }), keys };
    }
    if (seed === undefined) throw new ServerError(`${problem} holds neither keys nor a seed`);
    return { seed, keys: [deriveSecretKey(seed)] };
  }

  private async write(seed: string | undefined, keys: readonly string[]): Promise<readonly string[]> {
    const secretString = JSON.stringify({ ...(seed === undefined ? {} : { seed }), keys });
    await this.client.send(new PutSecretValueCommand({ SecretId: this.options.secretId, SecretString: secretString }));
    // Our own write is what the next read would see: no need to wait out the cache.
    this.cached = { secret: { ...(seed === undefined ? {} : { seed }), keys }, at: this.clock() };
    return keys;
  }
}

/** The site's first key: the Ed25519 secret key (seed) is SHA-256 of the secret's generated seed. */
export function deriveSecretKey(seed: string): string {
  return encodeSecretKey(new Uint8Array(createHash('sha256').update(seed, 'utf8').digest()));
}
