import type { StateMachine } from 'aws-local-stepfunctions';

type EventLogs = ReturnType<StateMachine['run']>['eventLogs'];

/**
 * The interpreter's event log, forwarded from nested Map executions too: a StateEntered per state
 * run (Map, Task, Succeed, Fail, at any depth) and a StateRetried per retry. Step Functions bills a
 * transition for each; an inline Map's iteration itself is not billed, nor are its start and end.
 * Once a Map iteration has failed, Step Functions fails the Map at once, while the interpreter
 * still enters iterations queued behind it: from then on only top-level states (the Catch path,
 * events without an iteration `index`) are counted.
 */
export async function countTransitions(events: EventLogs, count: (n: number) => void): Promise<void> {
  let mapFailed = false;
  for await (const event of events) {
    if (event.type === 'MapIterationFailed') mapFailed = true;
    if (event.type !== 'StateEntered' && event.type !== 'StateRetried') continue;
    if (!mapFailed || event.index === undefined) count(1);
  }
}
