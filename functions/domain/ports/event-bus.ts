import type { Role } from '../job/roles.js';
import type { JobStatus, TaskStatus } from '../status/statuses.js';

/** Status-change and scheduling events a site emits (EventBridge in AWS, in-process locally). */
export type FlowEvent =
  | { readonly type: 'JobSubmitted'; readonly jobId: string }
  | {
      readonly type: 'JobStatusChanged';
      readonly jobId: string;
      readonly role: Role;
      readonly partyId: number;
      readonly from: JobStatus;
      readonly to: JobStatus;
    }
  | {
      readonly type: 'TaskStatusChanged';
      readonly jobId: string;
      readonly component: string;
      readonly taskVersion: number;
      readonly role: Role;
      readonly partyId: number;
      readonly from: TaskStatus;
      readonly to: TaskStatus;
    }
  | { readonly type: 'JobFinished'; readonly jobId: string; readonly status: JobStatus }
  /**
   * From the runner itself, once it has written its task's end: the site reports the task at once,
   * instead of when its worker is seen to exit (an ECS STOPPED event comes seconds later).
   */
  | {
      readonly type: 'TaskEnded';
      readonly jobId: string;
      readonly component: string;
      readonly taskVersion: number;
      readonly role: Role;
      readonly partyId: number;
      readonly status: TaskStatus;
    }
  | { readonly type: 'ResourcesReturned'; readonly jobId: string };

export interface EventBus {
  publish(events: readonly FlowEvent[]): Promise<void>;
}
