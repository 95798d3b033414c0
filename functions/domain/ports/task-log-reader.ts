import type { Role } from '../job/roles.js';

/** Everything one task version wrote to its log, line by line, in the order written. */
export interface TaskLogFile {
  readonly role: Role;
  readonly partyId: number;
  readonly component: string;
  readonly taskVersion: number;
  /** The log's lines without their line ends: the runner's JSON lines, and whatever else the process printed. */
  readonly lines: readonly string[];
}

/**
 * The task logs a site keeps of a job (FATE's `logs/<job_id>`): files beside a local site's
 * runners, CloudWatch Logs in AWS. Only this site's tasks: another party's logs stay with it.
 */
export interface TaskLogReader {
  /**
   * Every task log of the job at this site, by role, party, component, then task version; [] when
   * none. `since` (epoch ms, the job's creation here) bounds how far back a reader searches.
   */
  jobLogs(jobId: string, since: number): Promise<TaskLogFile[]>;
}
