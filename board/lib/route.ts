/** The board's pages, addressed by the URL's fragment so that one static index.html serves them all. */
export type Route =
  | { readonly page: 'jobs' }
  | { readonly page: 'job'; readonly jobId: string }
  | { readonly page: 'component'; readonly jobId: string; readonly component: string; readonly party?: string }
  | { readonly page: 'site' };

export interface ParsedHash {
  readonly route: Route;
  /** A token handed over in the fragment (`?token=`), to be stored and taken out of the address bar. */
  readonly token?: string;
  /** The fragment without the token, for `history.replaceState`. */
  readonly cleanHash: string;
}

/**
 * `#/jobs`, `#/job/<job_id>`, `#/job/<job_id>/<component>[?party=<role>:<party_id>]`, `#/site`;
 * anything else is the jobs list. A `token` query parameter is taken out of the fragment.
 */
export function parseHash(hash: string): ParsedHash {
  const body = hash.replace(/^#/, '');
  const queryAt = body.indexOf('?');
  const path = queryAt === -1 ? body : body.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : body.slice(queryAt + 1));
  const token = query.get('token') ?? undefined;
  query.delete('token');
  const rest = query.toString();
  const cleanHash = `#${path === '' ? '/jobs' : path}${rest === '' ? '' : `?${rest}`}`;
  const parts = path
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  const party = query.get('party') ?? undefined;
  let route: Route = { page: 'jobs' };
  if (parts[0] === 'site' && parts.length === 1) route = { page: 'site' };
  else if (parts[0] === 'job' && parts.length === 2) route = { page: 'job', jobId: parts[1] as string };
  else if (parts[0] === 'job' && parts.length === 3)
    route = {
      page: 'component',
      jobId: parts[1] as string,
      component: parts[2] as string,
      ...(party === undefined ? {} : { party }),
    };
  return { route, cleanHash, ...(token === undefined || token === '' ? {} : { token }) };
}

export function jobHref(jobId: string): string {
  return `#/job/${encodeURIComponent(jobId)}`;
}

export function componentHref(jobId: string, component: string, party?: string): string {
  const base = `#/job/${encodeURIComponent(jobId)}/${encodeURIComponent(component)}`;
  return party === undefined ? base : `${base}?party=${encodeURIComponent(party)}`;
}
