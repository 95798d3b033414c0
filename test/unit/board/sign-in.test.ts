import { describe, expect, it } from '@jest/globals';
import {
  authorizeUrl,
  pkceChallenge,
  readSignInConfig,
  type SignInConfig,
  type SignInEnvironment,
  signIn,
  signOutUrl,
} from '../../../board/sign-in.js';

const CONFIG: SignInConfig = {
  partyId: 9999,
  apiUrl: 'https://d1234.cloudfront.net',
  signIn: {
    domain: 'https://fate-flow-9999-123456789012.auth.eu-west-1.amazoncognito.com',
    clientId: 'board-client-id',
    redirectUri: 'https://d1234.cloudfront.net/',
    scopes: ['openid', 'email', 'profile'],
  },
};

/** A tab: its storage, address and the calls it made; the token endpoint answers `tokenAnswer`. */
function tab(
  href: string,
  tokenAnswer: { status: number; body: unknown } = { status: 200, body: { access_token: 'at-1' } },
) {
  const stored = new Map<string, string>();
  const calls = { navigated: [] as string[], replaced: [] as string[], posted: [] as { url: string; body: string }[] };
  let address = href;
  let counter = 0;
  const env: SignInEnvironment = {
    storage: {
      getItem: (key) => stored.get(key) ?? null,
      setItem: (key, value) => void stored.set(key, value),
      removeItem: (key) => void stored.delete(key),
    },
    href: () => address,
    navigate: (url) => void calls.navigated.push(url),
    replaceAddress: (url) => {
      calls.replaced.push(url);
      address = url;
    },
    fetch: async (url, init) => {
      calls.posted.push({ url, body: init.body });
      return { ok: tokenAnswer.status === 200, status: tokenAnswer.status, json: async () => tokenAnswer.body };
    },
    // Distinct, predictable bytes: the flow's values can then be asserted exactly.
    randomBytes: (length) => Uint8Array.from({ length }, () => (counter += 1)),
  };
  return {
    env,
    stored,
    calls,
    arrive: (url: string) => {
      address = url;
    },
  };
}

describe('the board sign-in (Cognito hosted UI, code flow with PKCE)', () => {
  it("computes RFC 7636's S256 challenge (its Appendix B example)", async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('sends a person without a token to the authorize endpoint, then exchanges the returned code once and goes back to the job page', async () => {
    const browser = tab('https://d1234.cloudfront.net/#/job/202612071300000000001');
    expect(await signIn(CONFIG, browser.env, undefined)).toEqual({ kind: 'redirected' });
    const verifier = browser.stored.get('fate-flow-board-pkce-verifier') ?? '';
    const state = browser.stored.get('fate-flow-board-oauth-state') ?? '';
    expect(verifier).toHaveLength(43);
    expect(browser.calls.navigated).toEqual([authorizeUrl(CONFIG, await pkceChallenge(verifier), state)]);
    const sent = new URL(browser.calls.navigated[0] ?? '');
    expect(`${sent.origin}${sent.pathname}`).toBe(`${CONFIG.signIn.domain}/oauth2/authorize`);
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'board-client-id',
      redirect_uri: 'https://d1234.cloudfront.net/',
      scope: 'openid email profile',
      state,
      code_challenge_method: 'S256',
      code_challenge: await pkceChallenge(verifier),
    });

    browser.arrive(`https://d1234.cloudfront.net/?code=c0de&state=${state}`);
    expect(await signIn(CONFIG, browser.env, undefined)).toEqual({ kind: 'signed-in', token: 'at-1' });
    expect(browser.calls.posted).toEqual([
      {
        url: `${CONFIG.signIn.domain}/oauth2/token`,
        body: `grant_type=authorization_code&client_id=board-client-id&code=c0de&redirect_uri=${encodeURIComponent('https://d1234.cloudfront.net/')}&code_verifier=${verifier}`,
      },
    ]);
    expect(browser.calls.replaced).toEqual(['https://d1234.cloudfront.net/#/job/202612071300000000001']);
    expect([...browser.stored.keys()]).toEqual([]);
  });

  it('keeps a token it holds, without leaving the page', async () => {
    const browser = tab('https://d1234.cloudfront.net/#/jobs');
    expect(await signIn(CONFIG, browser.env, 'at-0')).toEqual({ kind: 'signed-in', token: 'at-0' });
    expect(browser.calls).toEqual({ navigated: [], replaced: [], posted: [] });
  });

  it('refuses a code whose state this tab did not make, without exchanging it', async () => {
    const browser = tab('https://d1234.cloudfront.net/');
    await signIn(CONFIG, browser.env, undefined);
    browser.arrive('https://d1234.cloudfront.net/?code=c0de&state=someone-elses');
    expect(await signIn(CONFIG, browser.env, undefined)).toEqual({
      kind: 'refused',
      reason: 'the sign-in answer does not match this tab: sign in again',
    });
    expect(browser.calls.posted).toEqual([]);
    expect(browser.calls.replaced).toEqual(['https://d1234.cloudfront.net/']);
  });

  it("shows Cognito's refusal and a failed exchange", async () => {
    const denied = tab('https://d1234.cloudfront.net/?error=access_denied&error_description=User+is+disabled.');
    expect(await signIn(CONFIG, denied.env, undefined)).toEqual({ kind: 'refused', reason: 'User is disabled.' });

    const browser = tab('https://d1234.cloudfront.net/', { status: 400, body: { error: 'invalid_grant' } });
    await signIn(CONFIG, browser.env, undefined);
    const state = browser.stored.get('fate-flow-board-oauth-state');
    browser.arrive(`https://d1234.cloudfront.net/?code=c0de&state=${state}`);
    expect(await signIn(CONFIG, browser.env, undefined)).toEqual({
      kind: 'refused',
      reason: 'the token exchange failed (400 invalid_grant)',
    });
  });

  it('signs out at Cognito back to the board, and reads config.json only when the deployment wrote one', async () => {
    expect(signOutUrl(CONFIG)).toBe(
      `${CONFIG.signIn.domain}/logout?client_id=board-client-id&logout_uri=${encodeURIComponent('https://d1234.cloudfront.net/')}`,
    );
    expect(await readSignInConfig(async () => ({ ok: true, json: async () => CONFIG }))).toEqual(CONFIG);
    // A local site serves no config.json: the board keeps the site's own token.
    expect(await readSignInConfig(async () => ({ ok: false, json: async () => ({}) }))).toBeUndefined();
    expect(await readSignInConfig(async () => ({ ok: true, json: async () => ({ apiUrl: 'x' }) }))).toBeUndefined();
  });
});
