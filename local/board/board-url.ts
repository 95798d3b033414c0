/**
 * The board's address at a site: `<api url>/board/#/jobs`, or a job's page `#/job/<job_id>` (the
 * form `board_url` takes). With a token, it rides in the fragment (`?token=`), which the browser
 * never sends: the board stores it in the tab's sessionStorage and takes it out of the address bar.
 */
export function boardUrl(apiUrl: string, options: { readonly jobId?: string; readonly token?: string } = {}): string {
  const page = options.jobId === undefined ? '/jobs' : `/job/${encodeURIComponent(options.jobId)}`;
  const token = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
  return `${apiUrl}/board/#${page}${token}`;
}
