import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { type PassFailure, watchPass } from '../../../local/site/pass-watch.js';
import { fakeFederation, GUEST, HOST } from '../../support/fakes/fake-federation.js';
import { component, jobOf, jobStatuses, jobTags, submit, submitAndStart } from '../../support/fakes/fake-jobs.js';

const SECOND = 1000;
const LIMIT = 60 * SECOND;
const sleepJob = () => jobOf({ arbiter: false, components: { slow_0: component('Sleep') } });
/** What the issue saw under Node 20: the scheduler's pass threw on every run. */
const broken = () => Promise.reject(new TypeError('Promise.withResolvers is not a function'));

describe("a site's watched pass (local/site/pass-watch.ts)", () => {
  let logged: unknown[][];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('reports every failure with its pass and time, then fails the waiting jobs with the error once it has failed for the limit', async () => {
    const federation = fakeFederation();
    const { guest, clock } = federation;
    const failures: PassFailure[] = [];
    const started = clock.now();
    const jobId = await submit(federation, sleepJob());
    const pass = watchPass(guest.services, 'scheduler', broken, {
      failJobsAfterMs: LIMIT,
      onPassFailed: (failure) => failures.push(failure),
    });

    await pass();
    clock.advance(LIMIT - SECOND);
    await pass();
    await federation.settle();
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 waiting', 'host 10000 waiting']);

    clock.advance(SECOND);
    // A job submitted now has not waited on the failing pass for the limit: it stays.
    const later = await submit(federation, sleepJob());
    await pass();
    await federation.settle();
    const message = 'TypeError: Promise.withResolvers is not a function';
    expect(failures).toEqual([
      { partyId: GUEST, pass: 'scheduler', message, at: started, since: started },
      { partyId: GUEST, pass: 'scheduler', message, at: started + LIMIT - SECOND, since: started },
      { partyId: GUEST, pass: 'scheduler', message, at: started + LIMIT, since: started },
    ]);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
    expect(await jobTags(federation, jobId)).toEqual([
      `guest ${GUEST} scheduler pass failing for 60 s: ${message}`,
      `host ${HOST} scheduler pass failing for 60 s: ${message}`,
    ]);
    expect(await jobStatuses(federation, later)).toEqual(['guest 9999 waiting', 'host 10000 waiting']);
    expect(logged.map(([line]) => line)).toEqual([
      `party ${GUEST} scheduler pass failed`,
      `party ${GUEST} scheduler pass failed`,
      `party ${GUEST} scheduler pass failed`,
    ]);
  });

  it('fails the running jobs this site initiated when its detector has failed for the limit', async () => {
    const federation = fakeFederation();
    const { guest, clock } = federation;
    const jobId = await submitAndStart(federation, sleepJob());
    const pass = watchPass(guest.services, 'detector', broken, { failJobsAfterMs: LIMIT });

    await pass();
    clock.advance(LIMIT);
    await pass();
    await federation.settle();

    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
    expect((await jobTags(federation, jobId))[0]).toBe(
      `guest ${GUEST} detector pass failing for 60 s: TypeError: Promise.withResolvers is not a function`,
    );
  });

  it('starts counting again after a pass that works, and says it recovered', async () => {
    const federation = fakeFederation();
    const { guest, clock } = federation;
    const jobId = await submit(federation, sleepJob());
    const recovered: string[] = [];
    let fails = true;
    const pass = watchPass(guest.services, 'scheduler', () => (fails ? broken() : Promise.resolve()), {
      failJobsAfterMs: LIMIT,
      onPassRecovered: (partyId, which, at) => recovered.push(`${partyId} ${which} ${at}`),
    });

    await pass();
    clock.advance(LIMIT / 2);
    const recoveredAt = clock.now();
    fails = false;
    await pass();
    await pass();
    fails = true;
    clock.advance(LIMIT / 2);
    await pass();
    await federation.settle();

    expect(recovered).toEqual([`${GUEST} scheduler ${recoveredAt}`]);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 waiting', 'host 10000 waiting']);
  });
});
