import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ROLES } from '../../functions/domain/job/roles.js';
import { type ComponentContext, ComponentExit, defineComponent } from './component.js';
import { generatedRows, passThrough } from './pass-through.js';

/** One day: long enough for any timeout test, and below setTimeout's 24.8-day limit. */
export const MAX_SLEEP_SECONDS = 86_400;

export const sleepParameters = z.strictObject({
  seconds: z
    .number()
    .min(0)
    .max(MAX_SLEEP_SECONDS, { error: `seconds may be at most ${MAX_SLEEP_SECONDS}` })
    .default(0),
  /** Fail every time. */
  fail: z.boolean().default(false),
  /** Fail while the task version is below this: version 0 … n-1 fail, version n passes (auto-retry tests). */
  fail_while_version_below: z.number().int().min(0).default(0),
  /** The runner's exit code when failing; 126+ are the shell's and signals' codes, so they are refused. */
  exit_code: z.number().int().min(1).max(125).default(1),
  rows: generatedRows,
});

export type SleepParameters = z.output<typeof sleepParameters>;

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
export const Sleep = defineComponent({
  module: 'Sleep',
  roles: ROLES,
  parameters: sleepParameters,
  async run(ctx) {
    ctx.log(`sleeping ${ctx.parameters.seconds} s`);
    await sleep(ctx.parameters.seconds * 1000);
    const failure = failureOf(ctx);
    if (failure !== undefined) throw new ComponentExit(ctx.parameters.exit_code, failure);
    await passThrough(ctx);
  },
});
