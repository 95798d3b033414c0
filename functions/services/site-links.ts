import type { SiteConfig } from './site-services.js';

/** FATE's logs_directory and board_url of a job, each only when the site has one (no dead paths or links). */
export interface SiteLinks {
  readonly logs_directory?: string;
  readonly board_url?: string;
}

/** The job's log folder and board page at this site, each when the site has one. */
export function siteLinks(
  site: Pick<SiteConfig, 'boardUrl' | 'jobLogsFolder'>,
  jobId: string,
  role: string,
  partyId: number,
): SiteLinks {
  return {
    ...(site.jobLogsFolder === undefined ? {} : { logs_directory: `${site.jobLogsFolder}/${jobId}` }),
    ...(site.boardUrl === undefined
      ? {}
      : { board_url: `${site.boardUrl}?job_id=${jobId}&role=${role}&party_id=${partyId}` }),
  };
}
