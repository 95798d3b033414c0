import { ArgumentError } from '../errors.js';
import { isJsonObject } from './deep-merge.js';

/**
 * The two documents of a job submission. FATE-Flow accepts `{dsl, runtime_conf}` and FATE's own
 * client sends `{job_dsl, job_runtime_conf}`; both spellings mean the same, mixing them is an error.
 */
export interface Submission {
  readonly dsl: unknown;
  readonly runtimeConf: unknown;
}

export function readSubmission(body: unknown): Submission {
  if (!isJsonObject(body)) {
    throw new ArgumentError(
      'request body must be a JSON object with "dsl" and "runtime_conf" (or "job_dsl" and "job_runtime_conf")',
    );
  }
  const has = (key: string) => Object.hasOwn(body, key) && body[key] !== undefined;
  if (has('dsl') && has('job_dsl')) throw new ArgumentError('give the DSL once: either "dsl" or "job_dsl", not both');
  if (has('runtime_conf') && has('job_runtime_conf')) {
    throw new ArgumentError('give the runtime conf once: either "runtime_conf" or "job_runtime_conf", not both');
  }
  const dsl = has('dsl') ? body.dsl : body.job_dsl;
  const runtimeConf = has('runtime_conf') ? body.runtime_conf : body.job_runtime_conf;
  if (runtimeConf === undefined) throw new ArgumentError('runtime_conf (or job_runtime_conf) is required');
  if (dsl === undefined) throw new ArgumentError('dsl (or job_dsl) is required');
  return { dsl, runtimeConf };
}
