/**
 * This party's task exits: EventBridge's "ECS Task State Change" for the runner's cluster (a runner
 * task that stopped; locally the process launcher reports it), and, on the site's own bus, the
 * runner's TaskEnded — sent as soon as it has written its task's end, seconds before ECS reports
 * the exit — which reports the task to the initiator at once. Any other state change, and a task
 * this site did not start, is ignored.
 */
import { taskExitFromEcsEvent } from '../adapters/launchers/ecs-task-exit.js';
import { taskEnded } from '../services/tasks/task-ended.js';
import { taskExited } from '../services/tasks/task-exited.js';
import { composeTaskExits } from './compose/task-exits.js';
import { containerSite } from './shared-site.js';
import { siteHandler } from './site-handler.js';
import { taskEndedOf } from './task-ended-event.js';

export const handler = siteHandler(
  'fate-flow-task-exits',
  containerSite(composeTaskExits),
  async (ports, event: unknown, logger) => {
    const ended = taskEndedOf(event, ports.site.partyId);
    if (ended !== undefined) {
      logger.info('runner ended its task', { ...ended });
      // Reported already (a redelivery, or the exit came first): nothing is sent again.
      await taskEnded(ports, ended);
      return;
    }
    const exit = taskExitFromEcsEvent(event);
    if (exit === undefined) return;
    logger.info('runner task stopped', { ...exit });
    await taskExited(ports, exit);
  },
);
