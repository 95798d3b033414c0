/**
 * How FATE-Flow sums up a command sent to every party (`FederatedScheduler.return_federated_response`):
 * each party answers with a FATE retcode, and the initiator needs one verdict.
 */
import { RetCode } from '../errors.js';
import { FederatedSchedulingStatusCode } from './statuses.js';

/**
 * all 0 → SUCCESS; else any 100 (a party crashed) → ERROR; else any 10 (a party refused the
 * change) → NOT_EFFECTIVE; else some 0 → PARTIAL; else → FAILED. The checks run in this order so
 * that a crash is never hidden behind a refusal, nor a refusal behind a partial success.
 * No parties means nothing had to be done, which counts as SUCCESS (FATE's code would say FAILED
 * for an empty response, but it never sends a command to nobody).
 */
export function combineFederatedRetcodes(retcodes: readonly number[]): FederatedSchedulingStatusCode {
  const distinct = new Set(retcodes);
  if (distinct.size === 0 || (distinct.size === 1 && distinct.has(RetCode.SUCCESS))) {
    return FederatedSchedulingStatusCode.SUCCESS;
  }
  if (distinct.has(RetCode.EXCEPTION_ERROR)) return FederatedSchedulingStatusCode.ERROR;
  if (distinct.has(RetCode.NOT_EFFECTIVE)) return FederatedSchedulingStatusCode.NOT_EFFECTIVE;
  if (distinct.has(RetCode.SUCCESS)) return FederatedSchedulingStatusCode.PARTIAL;
  return FederatedSchedulingStatusCode.FAILED;
}
