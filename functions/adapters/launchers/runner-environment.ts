import { ArgumentError } from '../../domain/errors.js';
import { RUNNER_ENV } from '../../domain/ports/task-launcher.js';
import type { TaskKey } from '../../domain/records/task-record.js';

/**
 * The site's part of the runner's environment: what is the same for every task of the site
 * (table, DynamoDB endpoint, objects folder or bucket, and the site's party id).
 */
export type SiteRunnerEnv = Readonly<Record<string, string>>;

const TASK_VARIABLES: readonly string[] = [
  RUNNER_ENV.jobId,
  RUNNER_ENV.component,
  RUNNER_ENV.taskVersion,
  RUNNER_ENV.role,
  RUNNER_ENV.taskCores,
  RUNNER_ENV.delegationTicket,
];

/**
 * What a launcher adds for one launch beyond the task's identity: the delegation ticket
 * (services/tasks/delegation-ticket.ts), stored before the task starts.
 */
export type LaunchEnv = (task: TaskKey, workerId: string) => Promise<Readonly<Record<string, string>>>;

/**
 * The whole RUNNER_ENV of one task: the site's part plus the task's identity and cores. Both launchers build
 * it here so that a Fargate task and a child process see exactly the same variables.
 */
export function runnerEnvironment(
  site: SiteRunnerEnv,
  task: TaskKey & { readonly cores: number },
  launch: Readonly<Record<string, string>> = {},
): Record<string, string> {
  for (const name of TASK_VARIABLES) {
    if (Object.hasOwn(site, name))
      throw new ArgumentError(`${name} is set per task; the site's runner environment may not set it`);
  }
  const siteParty = site[RUNNER_ENV.partyId];
  // A site runs only its own party's tasks: another party's task here would read and write the wrong data.
  if (siteParty !== undefined && siteParty !== String(task.partyId)) {
    throw new ArgumentError(`task of party ${task.partyId} launched at the site of party ${siteParty}`);
  }
  const foreign = Object.keys(launch).find((name) => name !== RUNNER_ENV.delegationTicket);
  if (foreign !== undefined) throw new ArgumentError(`${foreign} is not a variable a launch sets`);
  return {
    ...site,
    ...launch,
    [RUNNER_ENV.partyId]: String(task.partyId),
    [RUNNER_ENV.jobId]: task.jobId,
    [RUNNER_ENV.component]: task.component,
    [RUNNER_ENV.taskVersion]: String(task.taskVersion),
    [RUNNER_ENV.role]: task.role,
    [RUNNER_ENV.taskCores]: String(task.cores),
  };
}
