/**
 * The step Lambdas of `statemachines/job.asl.json`. Step Functions' `lambda:invoke` passes the
 * state's `Payload` object as the event and keeps the return value as `$.Payload`. Errors are
 * renamed for the ASL's Retry (see step-errors.ts).
 */
import * as z from 'zod';
import { ArgumentError } from '../domain/errors.js';
import { createStepHandlers } from '../services/steps/step-handlers.js';
import type { StepHandlers } from '../steps/step-contract.js';
import { composeSteps } from './compose/steps.js';
import { containerSite } from './shared-site.js';
import { type LambdaHandler, siteHandler } from './site-handler.js';
import { stepError } from './step-errors.js';

/** Each step is its own function (its own container): each builds the one composition on its own. */
const jobId = z.string().min(1);
const jobPayload = z.object({ jobId });

function step<Input, Output>(
  name: string,
  payload: z.ZodType<Input>,
  run: (steps: StepHandlers, input: Input) => Promise<Output>,
): LambdaHandler<unknown, Output> {
  return siteHandler(`fate-flow-${name}`, containerSite(composeSteps), async (ports, event: unknown) => {
    const parsed = payload.safeParse(event);
    // Not retryable: the Catch sends the job to FailJob, naming what the state machine sent.
    if (!parsed.success) throw new ArgumentError(`${name} payload: ${z.prettifyError(parsed.error)}`);
    try {
      return await run(createStepHandlers(ports), parsed.data);
    } catch (error) {
      throw stepError(error);
    }
  });
}

export const loadPlan = step('load-plan', jobPayload, (steps, input) => steps.loadPlan(input));

export const runComponent = step(
  'run-component',
  z.object({ jobId, component: z.string().min(1), taskToken: z.string().min(1) }),
  (steps, input) => steps.runComponent(input),
);

export const finishJob = step('finish-job', jobPayload, (steps, input) => steps.finishJob(input));

export const failJob = step('fail-job', z.object({ jobId, error: z.string(), cause: z.string() }), (steps, input) =>
  steps.failJob(input),
);
