import type { SiteConfig } from './site-services.js';

/** FATE's logs_directory and board_url of a job, each only when the site has one (no dead paths or links). */
export interface SiteLinks {
  readonly logs_directory?: string;
  readonly board_url?: string;
}

/**
 * The job's page on a board whose page is at `boardUrl`: the board routes by the URL's fragment,
 * so the link works from the static assets alone (no server-side route per job).
 */
export function boardJobUrl(boardUrl: string, jobId: string): string {
  return `${boardUrl.endsWith('/') ? boardUrl : `${boardUrl}/`}#/job/${encodeURIComponent(jobId)}`;
}

/** The job's log folder and board page at this site, each when the site has one. */
export function siteLinks(site: Pick<SiteConfig, 'boardUrl' | 'jobLogsFolder'>, jobId: string): SiteLinks {
  return {
    ...(site.jobLogsFolder === undefined ? {} : { logs_directory: `${site.jobLogsFolder}/${jobId}` }),
    ...(site.boardUrl === undefined ? {} : { board_url: boardJobUrl(site.boardUrl, jobId) }),
  };
}
