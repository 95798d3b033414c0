/**
 * Who may call. Three modes:
 * - credentials (default): `Authorization: Bearer <token>`, or FATE's client signing (TIMESTAMP,
 *   NONCE, APP_KEY, SIGNATURE headers, see auth/fate-signature.ts). Either one suffices.
 * - iam: API Gateway already verified a SigV4 signature; trust its `requestContext.authorizer.iam`
 *   and refuse an event without it (a direct invoke, a route left without IAM auth).
 * - none: FATE-Flow's own default (client authentication off), for a local site on 127.0.0.1.
 * A refusal is 401 with retcode 109 saying what is wrong, never which credential would have worked.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { AuthenticationError } from '../../domain/errors.js';
import { type ApiEvent, apiState, stateOf } from '../api-event.js';
import { bearerTokenMatcher } from '../auth/bearer-tokens.js';
import { fateSignature, signaturesMatch, signedForm } from '../auth/fate-signature.js';
import { isJsonMediaType, mediaType } from '../content-type.js';
import type { Caller } from '../route.js';
import { functionOption, validateOptions } from './options.js';

/** FATE-Flow accepts a signature whose TIMESTAMP is within 60 s of its clock. */
export const SIGNATURE_MAX_SKEW_MS = 60_000;

export interface CredentialAuthOptions {
  readonly mode?: 'credentials';
  readonly bearerTokens: readonly string[];
  /** app key → secret key, as given to `flow init --app-key K --secret-key S`. */
  readonly appKeys: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
}

export type AuthOptions = CredentialAuthOptions | { readonly mode: 'iam' } | { readonly mode: 'none' };

const nonEmpty = z.string().min(1);
const schema = z.discriminatedUnion('mode', [
  z
    .strictObject({
      mode: z.literal('credentials'),
      bearerTokens: z.array(nonEmpty),
      appKeys: z.record(nonEmpty, nonEmpty),
      clock: functionOption<() => number>('clock').default(() => Date.now),
    })
    .refine((o) => o.bearerTokens.length > 0 || Object.keys(o.appKeys).length > 0, {
      message: "no bearer token and no app key: nobody could call; use { mode: 'none' } to turn authentication off",
    }),
  z.strictObject({ mode: z.literal('iam') }),
  z.strictObject({ mode: z.literal('none') }),
]);

export function authenticate<Services>(
  options: AuthOptions,
): MiddlewareObj<ApiEvent<Services>, unknown, Error, Context> {
  const config = validateOptions(
    'authenticate',
    schema,
    options.mode === undefined ? { ...options, mode: 'credentials' } : options,
  );
  const identify: (event: ApiEvent<Services>) => Caller =
    config.mode === 'none'
      ? () => ({ kind: 'anonymous' })
      : config.mode === 'iam'
        ? iamCaller
        : credentialCaller(config.bearerTokens, new Map(Object.entries(config.appKeys)), config.clock);
  return {
    before: ({ event }) => {
      const state = stateOf(event, 'authenticate');
      event[apiState] = { ...state, caller: identify(event) };
    },
  };
}

function iamCaller<Services>(event: ApiEvent<Services>): Caller {
  const iam = event.requestContext.authorizer?.iam;
  if (typeof iam?.userArn !== 'string' || iam.userArn === '') {
    throw new AuthenticationError('missing IAM authorization: sign the request with AWS SigV4');
  }
  return { kind: 'iam', userArn: iam.userArn, accountId: iam.accountId ?? '' };
}

const SIGNATURE_HEADERS = ['timestamp', 'nonce', 'app_key', 'signature'] as const;

function credentialCaller<Services>(
  tokens: readonly string[],
  appKeys: ReadonlyMap<string, string>,
  clock: () => number,
): (event: ApiEvent<Services>) => Caller {
  const tokenMatches = bearerTokenMatcher(tokens);
  return (event) => {
    const headers = event.headers;
    // FATE's client sends APP_KEY; FATE-Flow's own server-to-server calls send APP-KEY.
    const signed: Record<string, string | undefined> = { ...headers, app_key: headers.app_key ?? headers['app-key'] };
    const authorization = headers.authorization;
    const presentsSignature = SIGNATURE_HEADERS.some((name) => signed[name] !== undefined);
    if (authorization === undefined && !presentsSignature) {
      throw new AuthenticationError(
        'missing credentials: send "Authorization: Bearer <token>" or sign the request with TIMESTAMP, NONCE, APP_KEY and SIGNATURE headers',
      );
    }
    // Either credential suffices; when both are sent and both fail, the bearer's reason is reported.
    let failure: AuthenticationError | undefined;
    if (authorization !== undefined) {
      const [scheme = '', token = ''] = authorization.trim().split(/\s+/, 2);
      if (scheme.toLowerCase() !== 'bearer')
        failure = new AuthenticationError(`unsupported Authorization scheme "${scheme}"; use Bearer`);
      else if (tokenMatches(token)) return { kind: 'bearer' };
      else failure = new AuthenticationError('invalid bearer token');
    }
    if (presentsSignature) {
      const result = checkSignature(event, signed, appKeys, clock);
      if (typeof result === 'string') return { kind: 'app-key', appKey: result };
      failure ??= result;
    }
    throw failure;
  };
}

/** The app key when the signature holds, or the reason it does not. */
function checkSignature<Services>(
  event: ApiEvent<Services>,
  headers: Readonly<Record<string, string | undefined>>,
  appKeys: ReadonlyMap<string, string>,
  clock: () => number,
): string | AuthenticationError {
  const missing = SIGNATURE_HEADERS.filter((name) => !headers[name]).map((name) => name.toUpperCase());
  const { timestamp = '', nonce = '', app_key: appKey = '', signature = '' } = headers;
  if (missing.length > 0) return new AuthenticationError(`incomplete signature: missing ${missing.join(', ')} header`);
  if (!/^\d{1,16}$/.test(timestamp)) {
    return new AuthenticationError('invalid TIMESTAMP header: expected milliseconds since the epoch');
  }
  if (Math.abs(clock() - Number(timestamp)) > SIGNATURE_MAX_SKEW_MS) {
    return new AuthenticationError(
      `timestamp out of range: TIMESTAMP must be within ${SIGNATURE_MAX_SKEW_MS / 1000} s of the server clock`,
    );
  }
  const secret = appKeys.get(appKey);
  if (secret === undefined) return new AuthenticationError('unknown app key');
  const { rawBody } = stateOf(event, 'authenticate');
  const type = mediaType(headers['content-type']);
  const expected = fateSignature(secret, {
    timestamp,
    nonce,
    appKey,
    pathWithQuery: event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath,
    jsonBody: type === undefined || isJsonMediaType(type) ? rawBody : Buffer.alloc(0),
    form: type === 'application/x-www-form-urlencoded' ? signedForm(rawBody.toString('utf8')) : '',
  });
  return signaturesMatch(signature, expected)
    ? appKey
    : new AuthenticationError('bad signature: SIGNATURE does not match the request');
}
