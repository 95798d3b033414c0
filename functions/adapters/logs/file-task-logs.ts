import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROLES, type Role } from '../../domain/job/roles.js';
import type { TaskLogFile, TaskLogReader } from '../../domain/ports/task-log-reader.js';

const VERSION_FILE = /^v(0|[1-9][0-9]*)\.log$/;
const PARTY_FOLDER = /^(0|[1-9][0-9]*)$/;
const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);

/**
 * A local site's task logs: the files its launcher writes, one per task version, at
 * `<logsDir>/<job>/<role>/<party>/<component>/v<version>.log` (local/launcher/task-log-path.ts).
 * Anything else in those folders is not a task log and is left out.
 */
export class FileTaskLogs implements TaskLogReader {
  constructor(private readonly logsDir: string) {}

  /** `since` is not needed: the job's folder holds only its logs. */
  async jobLogs(jobId: string, _since: number): Promise<TaskLogFile[]> {
    const files: TaskLogFile[] = [];
    const jobDir = join(this.logsDir, jobId);
    for (const role of (await folders(jobDir)).filter(isRole)) {
      for (const party of (await folders(join(jobDir, role))).filter((name) => PARTY_FOLDER.test(name))) {
        for (const component of await folders(join(jobDir, role, party))) {
          const componentDir = join(jobDir, role, party, component);
          const versions = (await entries(componentDir))
            .filter((entry) => entry.isFile() && VERSION_FILE.test(entry.name))
            .map((entry) => Number(VERSION_FILE.exec(entry.name)?.[1]))
            .sort((a, b) => a - b);
          for (const taskVersion of versions) {
            const text = await readFile(join(componentDir, `v${taskVersion}.log`), 'utf8');
            const lines = text.split('\n').filter((line) => line !== '');
            files.push({ role, partyId: Number(party), component, taskVersion, lines });
          }
        }
      }
    }
    return files;
  }
}

async function entries(dir: string) {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function folders(dir: string): Promise<string[]> {
  return (await entries(dir)).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}
