import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { readSubmission } from '../../../../functions/domain/job/submission.js';

const dsl = { components: { reader_0: { module: 'Reader', output: { data: ['data'] } } } };
const conf = { dsl_version: 2, initiator: { role: 'guest', party_id: 9999 }, role: { guest: [9999] } };

describe('readSubmission', () => {
  it('reads FATE-Flow spelling {dsl, runtime_conf}', () => {
    expect(readSubmission({ dsl, runtime_conf: conf })).toEqual({ dsl, runtimeConf: conf });
  });

  it("reads the flow client's spelling {job_dsl, job_runtime_conf}", () => {
    expect(readSubmission({ job_dsl: dsl, job_runtime_conf: conf })).toEqual({ dsl, runtimeConf: conf });
  });

  it('hands the documents over untouched, for the planner to check', () => {
    const submission = readSubmission({ dsl: 'not a dsl', runtime_conf: 42 });
    expect(submission).toEqual({ dsl: 'not a dsl', runtimeConf: 42 });
  });

  it('accepts one spelling per document when they differ between the two documents', () => {
    expect(readSubmission({ dsl, job_runtime_conf: conf })).toEqual({ dsl, runtimeConf: conf });
    expect(readSubmission({ job_dsl: dsl, runtime_conf: conf })).toEqual({ dsl, runtimeConf: conf });
  });

  it('ignores other keys of the body', () => {
    expect(readSubmission({ dsl, runtime_conf: conf, notes: 'x' })).toEqual({ dsl, runtimeConf: conf });
  });

  it('treats a key set to undefined as absent', () => {
    expect(readSubmission({ dsl: undefined, job_dsl: dsl, runtime_conf: conf })).toEqual({ dsl, runtimeConf: conf });
  });

  it.each<[string, unknown, string]>([
    [
      'a body that is not an object',
      'dsl=1',
      'request body must be a JSON object with "dsl" and "runtime_conf" (or "job_dsl" and "job_runtime_conf")',
    ],
    [
      'a body that is an array',
      [dsl, conf],
      'request body must be a JSON object with "dsl" and "runtime_conf" (or "job_dsl" and "job_runtime_conf")',
    ],
    [
      'a null body',
      null,
      'request body must be a JSON object with "dsl" and "runtime_conf" (or "job_dsl" and "job_runtime_conf")',
    ],
    [
      'both spellings of the DSL',
      { dsl, job_dsl: dsl, runtime_conf: conf },
      'give the DSL once: either "dsl" or "job_dsl", not both',
    ],
    [
      'both spellings of the runtime conf',
      { dsl, runtime_conf: conf, job_runtime_conf: conf },
      'give the runtime conf once: either "runtime_conf" or "job_runtime_conf", not both',
    ],
    ['no runtime conf', { dsl }, 'runtime_conf (or job_runtime_conf) is required'],
    ['no DSL', { runtime_conf: conf }, 'dsl (or job_dsl) is required'],
    ['an empty body', {}, 'runtime_conf (or job_runtime_conf) is required'],
  ])('refuses %s with retcode 101', (_what, body, message) => {
    let caught: unknown;
    try {
      readSubmission(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect(caught).toMatchObject({ retcode: 101, message });
  });
});
