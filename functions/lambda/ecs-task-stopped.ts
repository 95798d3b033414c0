/**
 * EventBridge's "ECS Task State Change" for the runner's cluster: a runner task that stopped is
 * this party's task exit (locally the process launcher reports it). Any other state change, and a
 * task this site did not start, is ignored.
 */
import { taskExitFromEcsEvent } from '../adapters/launchers/ecs-task-exit.js';
import { taskExited } from '../services/tasks/task-exited.js';
import { siteHandler } from './site-handler.js';

export const handler = siteHandler('fate-flow-task-exits', async (site, event: unknown, logger) => {
  const exit = taskExitFromEcsEvent(event);
  if (exit === undefined) return;
  logger.info('runner task stopped', { ...exit });
  await taskExited(site.services, exit);
});
