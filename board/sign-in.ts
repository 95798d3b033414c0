/**
 * Sign-in for a board deployed in AWS: Cognito's hosted UI with OAuth 2.0's authorization code and
 * PKCE (RFC 7636), for a public client (a page keeps no secret). The deployment writes
 * `config.json` beside the pages (infra/constructs/board-defaults.ts, BoardRuntimeConfig); a local
 * site serves none, and the board then uses the site's own token as before.
 *
 * Everything the browser gives (storage, the address, navigation, fetch, randomness) is passed in,
 * so the flow is tested without a browser: the board passes sessionStorage, location.href,
 * location.assign, history.replaceState, fetch and crypto.getRandomValues, and stores the token
 * it gets where its API calls read it.
 */

/** What `config.json` holds (infra/constructs/board-defaults.ts keeps the shape). */
export interface SignInConfig {
  readonly partyId: number;
  readonly apiUrl: string;
  readonly signIn: {
    readonly domain: string;
    readonly clientId: string;
    readonly redirectUri: string;
    readonly scopes: readonly string[];
  };
}

export interface SignInEnvironment {
  /** sessionStorage: this tab's verifier and state between the redirect and the return. */
  readonly storage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
  };
  /** The page's address now. */
  href(): string;
  /** Leaves for Cognito's sign-in page. */
  navigate(url: string): void;
  /** Rewrites the address without a reload (history.replaceState): the code leaves the address bar. */
  replaceAddress(url: string): void;
  readonly fetch: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string },
  ) => Promise<{
    readonly ok: boolean;
    readonly status: number;
    json(): Promise<unknown>;
  }>;
  /** Cryptographically random bytes (crypto.getRandomValues). */
  randomBytes(length: number): Uint8Array;
}

const VERIFIER = 'fate-flow-board-pkce-verifier';
const STATE = 'fate-flow-board-oauth-state';
/** Where the person was going (a board_url's `#/job/<id>`): Cognito returns to the registered URL only. */
const RETURN_TO = 'fate-flow-board-return-to';

const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** RFC 7636's S256 challenge: base64url(SHA-256(ASCII(verifier))). */
export async function pkceChallenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** Cognito's authorize endpoint for this client, with the challenge and state. */
export function authorizeUrl(config: SignInConfig, challenge: string, state: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.signIn.clientId,
    redirect_uri: config.signIn.redirectUri,
    scope: config.signIn.scopes.join(' '),
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  return `${config.signIn.domain}/oauth2/authorize?${query}`;
}

/** Cognito's logout endpoint, back to the board (which then asks to sign in again). */
export function signOutUrl(config: SignInConfig): string {
  const query = new URLSearchParams({ client_id: config.signIn.clientId, logout_uri: config.signIn.redirectUri });
  return `${config.signIn.domain}/logout?${query}`;
}

export type SignInOutcome =
  /** A token is in hand: `token` is the access token the API calls carry. */
  | { readonly kind: 'signed-in'; readonly token: string }
  /** The page is leaving for the sign-in page. */
  | { readonly kind: 'redirected' }
  /** Cognito or the token exchange refused: the board shows the reason. */
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Signs the person in, or finishes a sign-in the address carries back (`?code=…&state=…`).
 * `currentToken` is the token the board already holds (none after a 401 cleared it).
 */
export async function signIn(
  config: SignInConfig,
  env: SignInEnvironment,
  currentToken: string | undefined,
): Promise<SignInOutcome> {
  const address = new URL(env.href());
  const code = address.searchParams.get('code');
  const error = address.searchParams.get('error');
  if (code !== null || error !== null) return finishSignIn(config, env, address, code);
  if (currentToken !== undefined) return { kind: 'signed-in', token: currentToken };
  const verifier = base64Url(env.randomBytes(32));
  const state = base64Url(env.randomBytes(16));
  env.storage.setItem(VERIFIER, verifier);
  env.storage.setItem(STATE, state);
  env.storage.setItem(RETURN_TO, address.hash);
  env.navigate(authorizeUrl(config, await pkceChallenge(verifier), state));
  return { kind: 'redirected' };
}

async function finishSignIn(
  config: SignInConfig,
  env: SignInEnvironment,
  address: URL,
  code: string | null,
): Promise<SignInOutcome> {
  const verifier = env.storage.getItem(VERIFIER);
  const state = env.storage.getItem(STATE);
  const returnTo = env.storage.getItem(RETURN_TO) ?? '';
  for (const key of [VERIFIER, STATE, RETURN_TO]) env.storage.removeItem(key);
  // The code is used once, whatever happens: it leaves the address bar (and the history) now.
  env.replaceAddress(`${config.signIn.redirectUri}${returnTo}`);
  if (code === null) {
    return {
      kind: 'refused',
      reason: address.searchParams.get('error_description') ?? address.searchParams.get('error') ?? 'refused',
    };
  }
  // A code this tab did not ask for (another tab's, or a link someone sent): not exchanged.
  if (verifier === null || state === null || address.searchParams.get('state') !== state) {
    return { kind: 'refused', reason: 'the sign-in answer does not match this tab: sign in again' };
  }
  const response = await env.fetch(`${config.signIn.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.signIn.clientId,
      code,
      redirect_uri: config.signIn.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  const answer = (await response.json()) as { access_token?: unknown; error?: unknown };
  if (!response.ok || typeof answer.access_token !== 'string') {
    return {
      kind: 'refused',
      reason: `the token exchange failed (${response.status} ${String(answer.error ?? '')})`.trim(),
    };
  }
  return { kind: 'signed-in', token: answer.access_token };
}

/** `config.json` beside the pages, or undefined where there is none (a local site). */
export async function readSignInConfig(
  fetchConfig: (url: string) => Promise<{ readonly ok: boolean; json(): Promise<unknown> }>,
  url = 'config.json',
): Promise<SignInConfig | undefined> {
  const response = await fetchConfig(url);
  if (!response.ok) return undefined;
  const config = (await response.json()) as Partial<SignInConfig>;
  return typeof config.signIn?.domain === 'string' && typeof config.signIn.clientId === 'string'
    ? (config as SignInConfig)
    : undefined;
}
