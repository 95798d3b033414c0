/**
 * The site's bearer token, kept in sessionStorage: the URL `flow local up` prints carries it in the
 * fragment (`#/jobs?token=…`), which the browser never sends to a server — it is in no access log,
 * no Referer — and the board takes it out of the address bar at once, so it is not in the history
 * or a copied link either. sessionStorage keeps it for this tab only and forgets it when the tab
 * closes; a `board_url` without a token (the one a submit answers) then asks for it.
 */
const KEY = 'fate-flow-board-token';

export function currentToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
