/**
 * API Gateway's IAM authorisation, for the local stand-in: a request must carry a SigV4 signature
 * for `execute-api` in the configured region by one of the known access keys; the signature is
 * computed again with the SDK's own signer over the headers the request says it signed, and
 * compared. An accepted request gets the `requestContext.authorizer.iam` API Gateway adds, which
 * the API's `iam` auth mode requires. Answers as API Gateway does: 403 `{"message": …}`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { EXECUTE_API, NodeSha256, toSmithyRequest } from '../../client/sigv4.js';

/** A principal the local stand-in knows, by its access key. */
export interface LocalIamPrincipal {
  readonly secretAccessKey: string;
  readonly userArn: string;
  readonly accountId: string;
}

export interface LocalIamOptions {
  readonly region: string;
  readonly principals: ReadonlyMap<string, LocalIamPrincipal>;
  /** @default Date.now */
  readonly clock?: () => number;
}

/** What API Gateway puts in `requestContext.authorizer.iam` for a SigV4-signed request. */
export interface IamIdentity {
  readonly accessKey: string;
  readonly accountId: string;
  readonly callerId: string;
  readonly userArn: string;
  readonly userId: string;
  readonly cognitoIdentity: null;
  readonly principalOrgId: null;
}

export type IamCheck =
  | { readonly ok: true; readonly iam: IamIdentity }
  | { readonly ok: false; readonly message: string };

/** SigV4 takes a signature dated at most 15 minutes from the server's clock. */
const MAX_SKEW_MS = 15 * 60_000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const FORBIDDEN = 'Forbidden';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.';

export function localIamAuthorizer(
  options: LocalIamOptions,
): (request: {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}) => Promise<IamCheck> {
  const clock = options.clock ?? Date.now;
  return async ({ method, url, headers, body }) => {
    const parsed = AUTHORIZATION.exec(headers.authorization ?? '');
    if (parsed === null) return { ok: false, message: FORBIDDEN };
    const [, accessKey = '', , region, service, signedList = '', signature = ''] = parsed;
    const principal = options.principals.get(accessKey);
    if (principal === undefined)
      return { ok: false, message: 'The security token included in the request is invalid.' };
    if (region !== options.region || service !== EXECUTE_API) return { ok: false, message: MISMATCH };
    const signedNames = signedList.split(';');
    const date = parseAmzDate(headers['x-amz-date']);
    if (!signedNames.includes('host') || date === undefined) return { ok: false, message: FORBIDDEN };
    if (Math.abs(clock() - date.getTime()) > MAX_SKEW_MS) return { ok: false, message: 'Signature expired' };
    const declaredHash = headers['x-amz-content-sha256'];
    if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(body).digest('hex')) {
      return { ok: false, message: MISMATCH };
    }
    const signed: Record<string, string> = {};
    for (const name of signedNames) {
      const value = name === 'host' ? url.host : headers[name];
      if (value === undefined) return { ok: false, message: MISMATCH };
      signed[name] = value;
    }
    const signer = new SignatureV4({
      service: EXECUTE_API,
      region: options.region,
      credentials: {
        accessKeyId: accessKey,
        secretAccessKey: principal.secretAccessKey,
        ...(signed['x-amz-security-token'] === undefined ? {} : { sessionToken: signed['x-amz-security-token'] }),
      },
      sha256: NodeSha256,
      applyChecksum: false,
    });
    const again = await signer.sign(toSmithyRequest({ method, url, headers: signed, body }), {
      signingDate: date,
      signableHeaders: new Set(signedNames),
    });
    const expected = /Signature=([0-9a-f]{64})$/.exec(String(again.headers.authorization ?? ''))?.[1] ?? '';
    if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      return { ok: false, message: MISMATCH };
    }
    const userId = principal.userArn.split('/').at(-1) ?? accessKey;
    return {
      ok: true,
      iam: {
        accessKey,
        accountId: principal.accountId,
        callerId: userId,
        userArn: principal.userArn,
        userId,
        cognitoIdentity: null,
        principalOrgId: null,
      },
    };
  };
}

/** `20250101T120000Z` → the Date, or undefined. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0));
}
