import { setTimeout as sleep } from 'node:timers/promises';
import { type SleepParameters, sleepSpec } from '../../../components/testing/sleep.js';
import { type ComponentContext, ComponentExit, defineComponent } from '../component.js';
import { passThrough } from './pass-through.js';

/** Why this run fails, or undefined when it passes. */
function failureOf(ctx: ComponentContext<SleepParameters>): string | undefined {
  const { fail, fail_while_version_below: below } = ctx.parameters;
  if (fail) return 'Sleep fails on purpose (fail: true)';
  if (ctx.taskVersion < below) {
    return `Sleep fails while the task version is below ${below} (this is version ${ctx.taskVersion})`;
  }
  return undefined;
}

/**
 * A component that takes time and fails on demand, for testing scheduling, timeouts, stop and
 * auto-retry: sleeps `seconds`, then either ends the runner with `exit_code` or passes its input
 * through like PassThrough.
 */
export const Sleep = defineComponent(sleepSpec, {
  async run(ctx) {
    ctx.log(`sleeping ${ctx.parameters.seconds} s`);
    await sleep(ctx.parameters.seconds * 1000);
    const failure = failureOf(ctx);
    if (failure !== undefined) throw new ComponentExit(ctx.parameters.exit_code, failure);
    await passThrough(ctx);
  },
});
