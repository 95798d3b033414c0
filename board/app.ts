import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onSignedOut } from './api.js';
import { parseHash, type Route } from './lib/route.js';
import { ComponentPage } from './pages/component-page.js';
import { JobPage } from './pages/job-page.js';
import { JobsPage } from './pages/jobs-page.js';
import { SitePage } from './pages/site-page.js';
import { currentToken, storeToken } from './token.js';

/** Takes a token out of the fragment into the session, and answers the route to show. */
function readLocation(): Route {
  const parsed = parseHash(location.hash);
  if (parsed.token !== undefined) storeToken(parsed.token);
  if (parsed.cleanHash !== location.hash) history.replaceState(null, '', parsed.cleanHash);
  return parsed.route;
}

function SignIn({ onToken }: { onToken: () => void }) {
  const [value, setValue] = useState('');
  return html`
    <h1>Sign in</h1>
    <form class="sign-in" onSubmit=${(event: Event) => {
      event.preventDefault();
      if (value.trim() === '') return;
      storeToken(value.trim());
      onToken();
    }}>
      <p>The site's token (<code>flow local up</code> prints it, and a URL with it).</p>
      <label>Token <input type="password" autocomplete="off" value=${value} onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} /></label>
      <button type="submit">Sign in</button>
    </form>`;
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'jobs':
      return html`<${JobsPage} />`;
    case 'job':
      return html`<${JobPage} key=${route.jobId} jobId=${route.jobId} />`;
    case 'component':
      return html`<${ComponentPage} key=${`${route.jobId}/${route.component}/${route.party}`} jobId=${route.jobId} component=${route.component} party=${route.party} />`;
    case 'site':
      return html`<${SitePage} />`;
  }
}

export function App() {
  const [route, setRoute] = useState<Route>(readLocation);
  const [signedIn, setSignedIn] = useState(currentToken() !== undefined);
  useEffect(() => {
    const follow = () => setRoute(readLocation());
    addEventListener('hashchange', follow);
    const off = onSignedOut(() => setSignedIn(false));
    return () => {
      removeEventListener('hashchange', follow);
      off();
    };
  }, []);
  // After a move to another page, the keyboard and a screen reader start at its content, not at
  // the link left behind; the first page keeps the browser's own start.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus();
  }, [route]);
  return html`
    <a class="skip" href="#main" onClick=${(e: Event) => {
      e.preventDefault();
      document.getElementById('main')?.focus();
    }}>Skip to content</a>
    <header class="top">
      <span class="brand">FATE-Flow board</span>
      <nav aria-label="board">
        <a href="#/jobs" aria-current=${route.page === 'jobs' ? 'page' : undefined}>Jobs</a>
        <a href="#/site" aria-current=${route.page === 'site' ? 'page' : undefined}>Site</a>
      </nav>
    </header>
    <main id="main" tabindex="-1">
      ${signedIn ? html`<${Page} route=${route} />` : html`<${SignIn} onToken=${() => setSignedIn(true)} />`}
    </main>`;
}
