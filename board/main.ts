import 'uplot/dist/uPlot.min.css';
import './board.css';
import { html } from 'htm/preact';
import { render } from 'preact';
import { onSignedOut } from './api.js';
import { App } from './app.js';
import { readSignInConfig, type SignInConfig, type SignInEnvironment, signIn } from './sign-in.js';
import { currentToken, storeToken } from './token.js';

const root = document.getElementById('board') as HTMLElement;

/** What the sign-in flow needs of the browser (sign-in.ts takes it as a parameter, to be tested without one). */
const browser: SignInEnvironment = {
  storage: sessionStorage,
  href: () => location.href,
  navigate: (url) => location.assign(url),
  replaceAddress: (url) => history.replaceState(null, '', url),
  fetch: (url, init) => fetch(url, init),
  randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
};

/**
 * In AWS the deployment writes `config.json` beside the pages: the person signs in with Cognito
 * (code flow with PKCE) and the API calls carry the access token, which the board API's JWT
 * authorizer checks. A local site serves no `config.json`: the board asks for the site's token.
 * False when the page is leaving for the sign-in page or the sign-in was refused (shown).
 */
async function signedIn(config: SignInConfig): Promise<boolean> {
  const outcome = await signIn(config, browser, currentToken());
  if (outcome.kind === 'signed-in') {
    storeToken(outcome.token);
    return true;
  }
  if (outcome.kind === 'refused') {
    render(html`<main><h1>FATE-Flow board</h1><p role="alert">Sign-in refused: ${outcome.reason}</p></main>`, root);
  }
  return false;
}

async function start(): Promise<void> {
  const config = await readSignInConfig((url) => fetch(url));
  if (config !== undefined) {
    if (!(await signedIn(config))) return;
    // An expired or revoked token: the API answered 401 and the token is gone; sign in again.
    onSignedOut(() => void signedIn(config));
  }
  render(html`<${App} />`, root);
}

void start();
