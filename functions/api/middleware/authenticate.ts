/**
 * Who may call. Three modes:
 * - credentials (default): `Authorization: Bearer <token>`, or FATE's client signing (TIMESTAMP,
 *   NONCE, APP_KEY, SIGNATURE headers, see auth/check-app-key-signature.ts). Either one suffices.
 *   An accepted signature's (APP_KEY, NONCE) pair is remembered for the TIMESTAMP window and
 *   refused a second time: FATE's signature leaves a multipart upload's file out, so this is what
 *   stops a captured upload from being sent again with another file.
 * - iam: API Gateway already verified a SigV4 signature (the users' API), or a Cognito token (the
 *   board's API, a JWT authorizer); trust its `requestContext.authorizer.iam` or `.jwt` and refuse
 *   an event with neither (a direct invoke, a route left without an authorizer) — unless the site
 *   has app keys (`appKeys`, with `nonces`): then a request without such an identity (the app-key
 *   API's, whose Lambda authorizer could not see the body) is taken only if FATE's signature checks
 *   out here in full, with the same checker and NONCE memory as credentials mode. Only API Gateway
 *   writes the authorizer block: a client's headers never reach it.
 * - none: FATE-Flow's own default (client authentication off), for a local site on 127.0.0.1.
 * A refusal is 401 with retcode 109. An unknown token, an unknown app key and a wrong signature
 * all answer "authentication failed", byte for byte the same; the site's log says which it was.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { AuthenticationError, ServerError } from '../../domain/errors.js';
import type { AppKeySource } from '../../domain/ports/app-key-source.js';
import type { NonceStore } from '../../domain/ports/nonce-store.js';
import { type ApiEvent, apiState, routePath, stateOf } from '../api-event.js';
import { signedHeaders } from '../auth/authorize-app-key.js';
import { bearerTokenMatcher } from '../auth/bearer-tokens.js';
import {
  appKeySignatureChecker,
  SIGNATURE_HEADERS,
  SIGNATURE_MAX_SKEW_MS,
  type SignatureCheck,
  type SignedRequestParts,
} from '../auth/check-app-key-signature.js';
import { credentialRefusal, type Refusal, refusal } from '../auth/refusal.js';
import { isJsonMediaType, mediaType } from '../content-type.js';
import type { Caller } from '../route.js';
import { functionOption, validateOptions } from './options.js';

export interface CredentialAuthOptions {
  readonly mode?: 'credentials';
  readonly bearerTokens: readonly string[];
  /** app key → secret key, as given to `flow init --app-key K --secret-key S`. */
  readonly appKeys: Readonly<Record<string, string>>;
  /** Where accepted (app key, NONCE) pairs are remembered; required when there are app keys. */
  readonly nonces?: NonceStore;
  /** Milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
}

export interface IamAuthOptions {
  readonly mode: 'iam';
  /** The app keys FATE's client signs with, for requests that come without an IAM identity. */
  readonly appKeys?: AppKeySource;
  /** Where accepted (app key, NONCE) pairs are remembered; required with appKeys. */
  readonly nonces?: NonceStore;
  /** Milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
}

export type AuthOptions = CredentialAuthOptions | IamAuthOptions | { readonly mode: 'none' };

/** Where refusals are recorded with their reason (Powertools' Logger fits). */
export interface RefusalLogger {
  warn(message: string, attributes: Readonly<Record<string, unknown>>): void;
}

const nonEmpty = z.string().min(1);
const nonceStoreOption = z
  .custom<NonceStore>(
    (value) => typeof (value as Partial<NonceStore> | null)?.rememberNonce === 'function',
    'nonces must be a NonceStore',
  )
  .optional();
const schema = z.discriminatedUnion('mode', [
  z
    .strictObject({
      mode: z.literal('credentials'),
      bearerTokens: z.array(nonEmpty),
      // Bounded so that a remembered pair's key stays far below DynamoDB's key size.
      appKeys: z.record(z.string().min(1).max(256), nonEmpty),
      nonces: nonceStoreOption,
      clock: functionOption<() => number>('clock').default(() => Date.now),
    })
    .refine((o) => o.bearerTokens.length > 0 || Object.keys(o.appKeys).length > 0, {
      message: "no bearer token and no app key: nobody could call; use { mode: 'none' } to turn authentication off",
    })
    .refine((o) => Object.keys(o.appKeys).length === 0 || o.nonces !== undefined, {
      message: `app keys need a nonce store (nonces): without one a captured signed request could be sent again within ${SIGNATURE_MAX_SKEW_MS / 1000} s`,
    }),
  z
    .strictObject({
      mode: z.literal('iam'),
      appKeys: z
        .custom<AppKeySource>(
          (value) => typeof (value as Partial<AppKeySource> | null)?.appKeys === 'function',
          'appKeys must be an AppKeySource',
        )
        .optional(),
      nonces: nonceStoreOption,
      clock: functionOption<() => number>('clock').default(() => Date.now),
    })
    .refine((o) => o.appKeys === undefined || o.nonces !== undefined, {
      message: `app keys need a nonce store (nonces): without one a captured signed request could be sent again within ${SIGNATURE_MAX_SKEW_MS / 1000} s`,
    }),
  z.strictObject({ mode: z.literal('none') }),
]);

export function authenticate<Services>(
  options: AuthOptions,
  logging: { readonly logger?: RefusalLogger } = {},
): MiddlewareObj<ApiEvent<Services>, unknown, Error, Context> {
  const config = validateOptions(
    'authenticate',
    schema,
    options.mode === undefined ? { ...options, mode: 'credentials' } : options,
  );
  const logger = logging.logger ?? new Logger({ serviceName: 'fate-flow-api' });
  const identify: (event: ApiEvent<Services>) => Promise<Caller | Refusal> =
    config.mode === 'none'
      ? async () => ({ kind: 'anonymous' })
      : config.mode === 'iam'
        ? iamOrAppKeyCaller(config.appKeys, config.nonces, config.clock)
        : credentialCaller(config.bearerTokens, config.appKeys, config.nonces, config.clock);
  return {
    before: async ({ event }) => {
      const state = stateOf(event, 'authenticate');
      const identified = await identify(event);
      if ('message' in identified) {
        logger.warn('request not authenticated', {
          reason: identified.reason,
          ...(identified.appKey === undefined ? {} : { appKey: identified.appKey }),
          method: event.requestContext.http.method,
          path: routePath(event),
          sourceIp: event.requestContext.http.sourceIp,
        });
        throw new AuthenticationError(identified.message);
      }
      event[apiState] = { ...state, caller: identified };
    },
  };
}

/** API Gateway's IAM identity or verified Cognito subject; else, where the site has app keys, FATE's signature checked in full. */
function iamOrAppKeyCaller<Services>(
  appKeys: AppKeySource | undefined,
  nonces: NonceStore | undefined,
  clock: () => number,
): (event: ApiEvent<Services>) => Promise<Caller | Refusal> {
  return async (event) => {
    const { iam, jwt } = event.requestContext.authorizer ?? {};
    if (typeof iam?.userArn === 'string' && iam.userArn !== '') {
      return { kind: 'iam', userArn: iam.userArn, accountId: iam.accountId ?? '' };
    }
    const subject = jwt?.claims?.sub;
    if (typeof subject === 'string' && subject !== '') return { kind: 'jwt', subject };
    const signed = signedHeaders(event.headers);
    if (appKeys === undefined || !SIGNATURE_HEADERS.some((name) => signed[name] !== undefined)) {
      return refusal(
        appKeys === undefined
          ? 'missing IAM authorization: sign the request with AWS SigV4'
          : "missing credentials: sign the request with AWS SigV4, or with FATE's TIMESTAMP, NONCE, APP_KEY and SIGNATURE headers",
      );
    }
    return signatureCaller(event, signed, appKeySignatureChecker(await appKeys.appKeys(), clock), nonces);
  };
}

/** The app key's caller, once its signature holds and its NONCE is new. */
async function signatureCaller<Services>(
  event: ApiEvent<Services>,
  headers: Readonly<Record<string, string | undefined>>,
  checkSignature: (request: SignedRequestParts) => SignatureCheck,
  nonces: NonceStore | undefined,
): Promise<Caller | Refusal> {
  const type = mediaType(headers['content-type']);
  const check = checkSignature({
    headers,
    pathWithQuery: event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath,
    mediaType: type,
    isJson: type === undefined || isJsonMediaType(type),
    rawBody: stateOf(event, 'authenticate').rawBody,
  });
  if (!check.ok) return check.refusal;
  // Only a verified signature is remembered, so unauthenticated junk writes nothing; the pair is
  // kept until its TIMESTAMP would be refused anyway. (The options refuse app keys without a
  // nonce store; this fails closed should that ever change.)
  if (nonces === undefined) throw new ServerError('an app key signature checked out, but no nonce store is configured');
  const memory = await nonces.rememberNonce(check.appKey, check.nonce, check.timestamp + SIGNATURE_MAX_SKEW_MS);
  if (memory === 'seen') {
    return {
      ...refusal(
        'replayed request: this NONCE was already used with this APP_KEY; sign every request with a new NONCE',
      ),
      appKey: check.appKey,
    };
  }
  return { kind: 'app-key', appKey: check.appKey };
}

function credentialCaller<Services>(
  tokens: readonly string[],
  appKeys: Readonly<Record<string, string>>,
  nonces: NonceStore | undefined,
  clock: () => number,
): (event: ApiEvent<Services>) => Promise<Caller | Refusal> {
  const tokenMatches = bearerTokenMatcher(tokens);
  const checkSignature = appKeySignatureChecker(new Map(Object.entries(appKeys)), clock);
  return async (event) => {
    const signed = signedHeaders(event.headers);
    const authorization = event.headers.authorization;
    const presentsSignature = SIGNATURE_HEADERS.some((name) => signed[name] !== undefined);
    if (authorization === undefined && !presentsSignature) {
      return refusal(
        'missing credentials: send "Authorization: Bearer <token>" or sign the request with TIMESTAMP, NONCE, APP_KEY and SIGNATURE headers',
      );
    }
    // Either credential suffices. When both are sent and both fail, the bearer's refusal is the
    // answer whatever the signature's was, so the answer never depends on which app keys exist.
    let failure: Refusal | undefined;
    if (authorization !== undefined) {
      const [scheme = '', token = ''] = authorization.trim().split(/\s+/, 2);
      if (scheme.toLowerCase() !== 'bearer')
        failure = refusal(`unsupported Authorization scheme "${scheme}"; use Bearer`);
      else if (tokenMatches(token)) return { kind: 'bearer' };
      else failure = credentialRefusal('unknown bearer token');
    }
    if (presentsSignature) {
      const signer = await signatureCaller(event, signed, checkSignature, nonces);
      if ('kind' in signer) return signer;
      failure ??= signer;
    }
    // One of the two was sent, and each one sent either returned a caller or set a failure.
    return failure ?? credentialRefusal('no credential checked');
  };
}
