import type { DslComponent } from '../../../functions/domain/job/dsl-schema.js';
import type { OutputRecord } from '../../../functions/domain/ports/tracking-store.js';
import type { TaskKey } from '../../../functions/domain/records/task-record.js';
import type { ComponentContext, RunnableComponent } from '../../../runner/components/component.js';
import { createComponentContext } from '../../../runner/context/component-context.js';
import { MemoryObjectStore, MemoryTrackingStore } from './fakes.js';

export const NOW = 1_767_268_800_000;
export const JOB_ID = '202601011200000000001';

export const taskKey = (overrides: Partial<TaskKey> = {}): TaskKey => ({
  jobId: JOB_ID,
  component: 'pass_0',
  taskVersion: 0,
  role: 'guest',
  partyId: 9999,
  ...overrides,
});

/** A component's world in memory: the stores, the log lines, and a context built the runner's way. */
export class Harness {
  readonly tracking = new MemoryTrackingStore();
  readonly objects = new MemoryObjectStore();
  readonly lines: string[] = [];

  /** Stores an upstream data output as the runner would have written it. */
  async upstream(component: string, name: string, csv: string, at: Partial<TaskKey> = {}): Promise<OutputRecord> {
    const key = taskKey({ component, ...at });
    const location = `outputs/${key.jobId}/${component}/${key.role}/${key.partyId}/v0/${name}.csv`;
    await this.objects.put(location, csv);
    const [sid = '', ...header] = (csv.split('\n')[0] ?? '').split(',');
    const output: OutputRecord = {
      jobId: key.jobId,
      component,
      role: key.role,
      partyId: key.partyId,
      kind: 'data',
      name,
      location,
      meta: { header, total: csv.trim().split('\n').length - 1, sid, delimiter: ',' },
      createTime: NOW,
    };
    await this.tracking.putOutput(output);
    return output;
  }

  context<P>(
    parameters: P,
    spec: DslComponent,
    task: Partial<TaskKey> & { readonly module?: string } = {},
  ): Promise<ComponentContext<P>> {
    return createComponentContext(
      {
        tracking: this.tracking,
        objects: this.objects,
        now: () => NOW,
        log: (message) => this.lines.push(message),
      },
      { ...taskKey(task), module: task.module ?? 'PassThrough' },
      parameters,
      spec,
    );
  }

  /** Runs `component` as the runner does: parameters through its schema, then `run`. */
  async run(
    component: RunnableComponent,
    parameters: unknown,
    spec: DslComponent,
    task: Partial<TaskKey> = {},
  ): Promise<void> {
    const ctx = await this.context(component.parameters.parse(parameters), spec, { ...task, module: component.module });
    await component.run(ctx);
  }
}
