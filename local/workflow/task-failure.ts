import { SFN_LIMITS, truncateForSfn } from '../../functions/adapters/workflow/sfn-limits.js';

/**
 * A Task failure as the interpreter reads it: `name` is the ASL error that Retry/Catch match,
 * `message` the cause (a Catch's `ResultPath` gets `{ Error: name, Cause: message }`).
 * `isRetryable = false` makes the interpreter skip the state's Retry and go to its Catch with
 * the same error and cause.
 */
export class TaskFailure extends Error {
  isRetryable?: boolean;

  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** A step handler's exception as Lambda reports a function error to Step Functions. */
export function lambdaFailure(error: unknown): TaskFailure {
  const errorType = error instanceof Error && error.name !== '' ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  return new TaskFailure(
    truncateForSfn(errorType, SFN_LIMITS.error),
    truncateForSfn(JSON.stringify({ errorType, errorMessage }), SFN_LIMITS.cause),
  );
}

/** A SendTaskFailure's error and cause, cut to Step Functions' limits. */
export function sentFailure(error: string, cause: string): TaskFailure {
  return new TaskFailure(truncateForSfn(error, SFN_LIMITS.error), truncateForSfn(cause, SFN_LIMITS.cause));
}
