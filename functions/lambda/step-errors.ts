import { STEP_ERRORS } from '../steps/step-contract.js';

/**
 * Lambda reports a thrown error to Step Functions under the error's `name`, and that name is
 * what the ASL's Retry and Catch match. Their Retry names only `TransientError` besides Lambda's
 * own faults, so a fault that a retry can fix is renamed to it here; anything else keeps its name
 * and goes to the Catch (FailJob) at once.
 */
export class TransientStepError extends Error {
  override readonly name = STEP_ERRORS.transient;
}

/** Ours: another party could not be reached, or EventBridge refused events (throttled). */
const TRANSIENT_NAMES = new Set([
  'FederatedError',
  'ConnectionError',
  'EventPublishError',
  // AWS services that answer these names for throttling or a passing fault, in case the SDK did not mark them.
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
]);

/** Network failures of a call in flight. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

function isTransient(error: Error): boolean {
  if (TRANSIENT_NAMES.has(error.name)) return true;
  // The SDK's service exceptions say it themselves: `$retryable` (throttling included) or a server fault.
  if ('$retryable' in error && error.$retryable !== undefined) return true;
  if ('$fault' in error && error.$fault === 'server') return true;
  return 'code' in error && typeof error.code === 'string' && TRANSIENT_CODES.has(error.code);
}

/** The error a step Lambda throws for `error`: renamed TransientError when a retry may fix it. */
export function stepError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name === STEP_ERRORS.transient || !isTransient(error)) return error;
  return new TransientStepError(`${error.name}: ${error.message}`, { cause: error });
}
