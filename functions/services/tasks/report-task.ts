import type { JobRecord } from '../../domain/records/job-record.js';
import { type TaskKey, type TaskRecord, taskKeyOf } from '../../domain/records/task-record.js';
import type { SiteServices } from '../site-services.js';
import { sendToInitiator } from './send-to-initiator.js';

export type ReportTaskDeps = Pick<SiteServices, 'jobs' | 'peers'>;

/**
 * Pushes this party's task status to the initiator (FATE's PUSH report), with the error report.
 * Acknowledged → `reportedStatus` catches up; not delivered → it stays behind `partyStatus` and
 * the detector sends it again. Never throws: a report lost now is resent, not a failure here.
 */
export async function reportTask(services: ReportTaskDeps, key: TaskKey): Promise<boolean> {
  try {
    const [task, job] = await Promise.all([services.jobs.getTask(key), services.jobs.getJob(key)]);
    if (task === undefined || job === undefined) return false;
    return await reportReadTask(services, task, job);
  } catch (error) {
    return notDelivered(key, error);
  }
}

/** reportTask for a task and job its caller has just read (one round trip fewer on the stage's path). */
export async function reportReadTask(services: ReportTaskDeps, task: TaskRecord, job: JobRecord): Promise<boolean> {
  try {
    const reply = await sendToInitiator(services.peers, job, 'task.report', {
      component: task.component,
      taskVersion: task.taskVersion,
      partyStatus: task.partyStatus,
      ...(task.startTime === undefined ? {} : { startTime: task.startTime }),
      ...(task.endTime === undefined ? {} : { endTime: task.endTime }),
      ...(task.elapsed === undefined ? {} : { elapsed: task.elapsed }),
      ...(task.errorReport === undefined ? {} : { errorReport: task.errorReport }),
    });
    if (reply.retcode !== 0) return false;
    await services.jobs.markTaskReported(taskKeyOf(task), task.partyStatus);
    return true;
  } catch (error) {
    return notDelivered(taskKeyOf(task), error);
  }
}

function notDelivered(key: TaskKey, error: unknown): false {
  console.error(`report of ${key.component} v${key.taskVersion} (${key.role} ${key.partyId}) not delivered`, error);
  return false;
}
