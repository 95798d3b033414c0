/** The grants several Lambda entries need, each for the same reason (function-permissions.ts). */
import type { FlowEvent } from '../../functions/domain/ports/event-bus.js';
import type { Grant } from './grant.js';

/** Reads the registry and signs with the site's key: what SignedPeerClient does per call. */
export const SIGNS_FOR_PEERS: Grant = {
  resource: 'signingKey',
  actions: ['secretsmanager:GetSecretValue'],
  why: 'signs what it sends to other parties (SignedPeerClient)',
};

/** A `task.start` received (from a peer, or from this site's own initiator by a loopback event) launches a runner. */
export const LAUNCHES_RUNNERS: readonly Grant[] = [
  {
    resource: 'runnerTaskDefinition',
    actions: ['ecs:RunTask'],
    why: 'receiveTaskStart launches the runner of a task (EcsTaskLauncher.launch)',
  },
  {
    resource: 'runnerRoles',
    actions: ['iam:PassRole'],
    why: "RunTask passes the runner's task and execution roles to ECS",
  },
];

/** A stop (task.stop, job.stop, a party's own stop, a hung task) kills the runner. */
export const STOPS_RUNNERS: readonly Grant[] = [
  { resource: 'clusterTasks', actions: ['ecs:StopTask'], why: 'EcsTaskLauncher.stop kills a runner' },
  {
    resource: 'clusterTaskList',
    actions: ['ecs:ListTasks'],
    why: "EcsTaskLauncher finds a worker's tasks (stop, isRunning) by startedBy",
  },
];

/** settleComponent answers the component's waiting step with its outcome. */
export const SETTLES_COMPONENTS: Grant = {
  resource: 'jobMachine',
  actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  why: "settleComponent ends the workflow's wait for a component (its task token), whichever way it went",
};

export const STATUS_EVENTS = ['JobStatusChanged', 'JobFinished'] as const satisfies readonly FlowEvent['type'][];

/** The workflow's last steps (finishJob, failJob) read the job and the parties they tell of its end. */
export const READS_JOB_AND_ITS_PARTIES: Grant = {
  resource: 'table',
  actions: ['dynamodb:GetItem', 'dynamodb:Query'],
  partitions: ['job', 'parties'],
  why: "the job's records, the registry entry of each party it calls",
};

/** A job that ended at this site is announced on the bus. */
export const ANNOUNCES_JOB_END: Grant = {
  resource: 'siteBus',
  actions: ['events:PutEvents'],
  detailTypes: [...STATUS_EVENTS],
  why: 'the job ended: the scheduler may start a waiting job',
};

/**
 * A message to this same site goes to the site's `federation` function by a direct invocation
 * (InvokedFederationReceiver), which receives it: the sender needs neither ECS nor the task tokens
 * for what receiving does.
 */
export const HANDS_LOCAL_MESSAGES_TO_FEDERATION: Grant = {
  resource: 'siteFunctions',
  actions: ['lambda:InvokeFunction'],
  functions: ['federation'],
  why: "a command for this site's own role (a loopback event to the federation function)",
};
