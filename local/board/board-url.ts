/** Where a local site serves the board: beside its user API, same origin (so no CORS and one token). */
export const LOCAL_BOARD_PATH = '/board/';

/** The board of a local site whose user API is at `apiUrl` (`http://127.0.0.1:PORT`): the site's `boardUrl`. */
export function localBoardUrl(apiUrl: string): string {
  return `${apiUrl.replace(/\/+$/, '')}${LOCAL_BOARD_PATH}`;
}

/**
 * The board's address at a site: `<api url>/board/#/jobs`, or a job's page `#/job/<job_id>` (the
 * form `board_url` takes). With a token, it rides in the fragment (`?token=`), which the browser
 * never sends: the board stores it in the tab's sessionStorage and takes it out of the address bar.
 */
export function boardUrl(apiUrl: string, options: { readonly jobId?: string; readonly token?: string } = {}): string {
  const page = options.jobId === undefined ? '/jobs' : `/job/${encodeURIComponent(options.jobId)}`;
  const token = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
  return `${localBoardUrl(apiUrl)}#${page}${token}`;
}
