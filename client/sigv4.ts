import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { SignatureV4 } from '@smithy/signature-v4';

/** Static credentials or a provider of them, as the signer takes them. */
export type SigV4Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

/** API Gateway's signing name: IAM-authorised routes take SigV4 for `execute-api`. */
export const EXECUTE_API = 'execute-api';

/** How `flow` signs for a deployed site: its region, and optionally a named profile of the AWS config. */
export interface SigV4Settings {
  readonly region: string;
  readonly profile?: string;
}

/** What a request is before and after signing: the parts SigV4 covers. */
export interface SignableRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * Signs requests with the SDK's SigV4 signer, credentials from the default chain (environment,
 * SSO, the shared config's profile and its role, web identity, container and instance roles) or
 * the given provider. Returns the headers to send: the originals plus `host`, `x-amz-date`,
 * `authorization` (and `x-amz-security-token` for temporary credentials).
 */
export function sigV4Signer(
  settings: SigV4Settings,
  credentials?: SigV4Credentials,
): (request: SignableRequest) => Promise<Record<string, string>> {
  // Loaded at the first signed request, one after the other (jest's ESM loader links one first
  // import at a time): `flow --help` and every local site need neither package.
  let signer: Promise<SignatureV4> | undefined;
  const load = async (): Promise<SignatureV4> => {
    const { SignatureV4: Signer } = await import('@smithy/signature-v4');
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    return new Signer({
      service: EXECUTE_API,
      region: settings.region,
      credentials:
        credentials ?? fromNodeProviderChain(settings.profile === undefined ? {} : { profile: settings.profile }),
      sha256: NodeSha256,
      // API Gateway hashes the body itself; x-amz-content-sha256 is S3's.
      applyChecksum: false,
    });
  };
  return async (request) => {
    signer ??= load();
    const signed = await (await signer).sign(toSmithyRequest(request));
    return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)]));
  };
}

/** The request as the signer reads it; `host` is the URL's, as the HTTP client will send it. */
export function toSmithyRequest(request: SignableRequest) {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of request.url.searchParams) {
    const earlier = query[key];
    query[key] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return {
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    ...(request.url.port === '' ? {} : { port: Number(request.url.port) }),
    path: request.url.pathname,
    query,
    headers: { ...request.headers, host: request.url.host },
    body: request.body,
  };
}

/** The signer's hash (its `Checksum` contract) on Node's crypto: a plain hash, or an HMAC when keyed. */
export class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key =
      typeof this.secret === 'string'
        ? this.secret
        : ArrayBuffer.isView(this.secret)
          ? new Uint8Array(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength)
          : new Uint8Array(this.secret);
    return createHmac('sha256', key);
  }
}
