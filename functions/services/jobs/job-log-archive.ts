import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { NotFoundError, OperatingError } from '../../domain/errors.js';
import type { TaskLogFile } from '../../domain/ports/task-log-reader.js';
import type { SiteServices } from '../site-services.js';
import { tarBytes } from '../tar-bytes.js';

/** FATE's log files per folder: each level's file holds its lines and those of the levels above. */
const LEVEL_FILES = ['DEBUG.log', 'INFO.log', 'WARNING.log', 'ERROR.log'] as const;
const LEVEL_RANK: Readonly<Record<string, number>> = { DEBUG: 0, INFO: 1, WARN: 2, WARNING: 2, ERROR: 3, CRITICAL: 3 };

/** One rendered log line and the rank of its level (an index into LEVEL_FILES). */
interface LogLine {
  readonly rank: number;
  readonly text: string;
}

/**
 * What the site reads a job's logs with. `taskLogs` is absent where the composition has no reader
 * for them; the route then says so instead of answering an empty archive.
 */
export type JobLogArchiveDeps = Pick<SiteServices, 'jobs'> & Partial<Pick<SiteServices, 'taskLogs'>>;

/**
 * FATE's `/v1/job/log/download`: a gzip tar of the job's logs at this site, laid out as FATE's
 * `logs/<job_id>` (`<role>/<party_id>/` with DEBUG, INFO, WARNING and ERROR.log, and one such
 * folder per component below it), which FATE's client unpacks into `job_<id>_log/`. Every role this
 * site plays in the job has its folder and its four files, empty while no task has run, so that
 * `flow test toy` finds `guest/<party>/INFO.log` and `ERROR.log` whatever happened.
 */
export async function jobLogArchive(services: JobLogArchiveDeps, jobId: string): Promise<Buffer> {
  const records = await services.jobs.getJobRecords(jobId);
  if (records.length === 0) {
    throw new NotFoundError(`no job ${jobId} at this site: its logs are kept where it runs; check the job id`);
  }
  if (services.taskLogs === undefined) {
    throw new OperatingError('this site has no reader of its task logs: job logs cannot be downloaded here');
  }
  const since = Math.min(...records.map((record) => record.createTime));
  const logs = await services.taskLogs.jobLogs(jobId, since);
  const tar = pack();
  const packed = tarBytes(tar);
  const mtime = new Date();
  for (const record of records) {
    const folder = `${record.role}/${record.partyId}`;
    const ofParty = logs.filter((log) => log.role === record.role && log.partyId === record.partyId);
    addLevelFiles(tar, folder, ofParty.flatMap(renderLines), mtime);
    for (const component of [...new Set(ofParty.map((log) => log.component))]) {
      const lines = ofParty.filter((log) => log.component === component).flatMap(renderLines);
      addLevelFiles(tar, `${folder}/${component}`, lines, mtime);
    }
  }
  tar.finalize();
  return promisify(gzip)(await packed);
}

function addLevelFiles(tar: ReturnType<typeof pack>, folder: string, lines: readonly LogLine[], mtime: Date): void {
  LEVEL_FILES.forEach((file, rank) => {
    const text = lines
      .filter((line) => line.rank >= rank)
      .map((line) => `${line.text}\n`)
      .join('');
    tar.entry({ name: `${folder}/${file}`, mode: 0o644, mtime }, Buffer.from(text, 'utf8'));
  });
}

/**
 * A task's lines as FATE writes them, `[LEVEL] [time] [job] [component vN] - message`, an error's
 * report on the lines after it. The launcher's `--- … starts` lines are INFO; any other line that
 * is not the runner's JSON (a crash's trace on stderr) is an ERROR, so a failure is in ERROR.log.
 */
export function renderLines(log: TaskLogFile): LogLine[] {
  const where = `[${log.component} v${log.taskVersion}]`;
  return log.lines.map((raw) => {
    const json = parseJsonLine(raw);
    if (json === undefined) return { rank: raw.startsWith('--- ') ? 1 : 3, text: raw };
    const level = typeof json.level === 'string' ? json.level.toUpperCase() : 'INFO';
    const rank = LEVEL_RANK[level] ?? 1;
    const time = typeof json.timestamp === 'string' ? json.timestamp : '';
    const message = typeof json.message === 'string' ? json.message : raw;
    const report = typeof json.error_report === 'string' ? `\n${json.error_report}` : '';
    const job = typeof json.job === 'string' ? json.job : '';
    return {
      rank,
      text: `[${LEVEL_FILES[rank]?.replace('.log', '')}] [${time}] [${job}] ${where} - ${message}${report}`,
    };
  });
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
