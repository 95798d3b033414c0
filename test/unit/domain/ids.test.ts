import { describe, expect, it } from '@jest/globals';
import {
  createJobIdGenerator,
  FIRST_TASK_VERSION,
  isJobId,
  JOB_ID_PATTERN,
  type MicrosClock,
  modelId,
  systemMicrosClock,
  taskId,
} from '../../../functions/domain/ids.js';

/** Microseconds since the epoch of a UTC date and time. */
const micros = (iso: string, extraMicros = 0): number => Date.parse(iso) * 1000 + extraMicros;

/** A clock that answers the given readings in turn, then repeats the last one. */
function scriptedClock(readings: readonly number[]): MicrosClock {
  let next = 0;
  return () => {
    const reading = readings[Math.min(next, readings.length - 1)];
    next += 1;
    if (reading === undefined) throw new Error('scriptedClock needs at least one reading');
    return reading;
  };
}

describe('createJobIdGenerator', () => {
  it('formats the UTC date, time, 6-digit microseconds and a counter digit as 21 digits', () => {
    const nextId = createJobIdGenerator(() => micros('2026-11-27T15:44:18.012Z', 345));
    const id = nextId();
    expect(id).toBe('202611271544180123451');
    expect(id).toHaveLength(21);
    expect(isJobId(id)).toBe(true);
  });

  it('uses UTC, not local time, for the date part', () => {
    const nextId = createJobIdGenerator(() => micros('2026-12-31T23:59:59.999Z', 999));
    expect(nextId()).toBe('202612312359599999991');
  });

  it('zero-pads every field, microseconds included', () => {
    const nextId = createJobIdGenerator(() => micros('2027-01-02T03:04:05.000Z', 7));
    expect(nextId()).toBe('202701020304050000071');
  });

  it('takes the next microsecond and the next counter digit when the clock repeats', () => {
    const nextId = createJobIdGenerator(() => micros('2026-11-27T15:44:18.012Z', 345));
    expect([nextId(), nextId(), nextId()]).toEqual([
      '202611271544180123451',
      '202611271544180123462',
      '202611271544180123473',
    ]);
  });

  it('wraps the counter digit from 9 back to 0', () => {
    const nextId = createJobIdGenerator(() => micros('2026-11-27T15:44:18.000Z'));
    const counters = Array.from({ length: 11 }, () => nextId().slice(-1));
    expect(counters).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '1']);
  });

  it('keeps going forward when the clock steps backwards', () => {
    const start = micros('2026-11-27T15:44:18.000Z', 500);
    const nextId = createJobIdGenerator(scriptedClock([start, start - 2_000_000, start - 1, start + 10]));
    expect([nextId(), nextId(), nextId(), nextId()]).toEqual([
      '202611271544180005001',
      '202611271544180005012',
      '202611271544180005023',
      '202611271544180005104',
    ]);
  });

  it('gives 100,000 unique, strictly increasing ids from a constant clock', () => {
    const nextId = createJobIdGenerator(() => micros('2026-11-27T15:44:18.000Z'));
    const ids = Array.from({ length: 100_000 }, () => nextId());
    expect(new Set(ids).size).toBe(100_000);
    let increasing = true;
    for (let index = 1; index < ids.length; index += 1) {
      const previous = ids[index - 1] ?? '';
      const current = ids[index] ?? '';
      if (!(current > previous)) increasing = false;
    }
    expect(increasing).toBe(true);
    expect(ids.every((id) => JOB_ID_PATTERN.test(id))).toBe(true);
    expect(ids.at(-1)).toBe('202611271544180999990');
  });

  it('produces valid, increasing ids from the system clock', () => {
    const nextId = createJobIdGenerator(systemMicrosClock);
    const first = nextId();
    const second = nextId();
    expect(isJobId(first)).toBe(true);
    expect(second > first).toBe(true);
    expect(first.slice(0, 4)).toBe(String(new Date().getUTCFullYear()));
  });
});

describe('isJobId', () => {
  it.each([
    ['202611271544180123451', true],
    ['20261127154418012345', false],
    ['2026112715441801234510', false],
    ['20261127154418012345a', false],
    ['', false],
  ])('says %j is a job id: %s', (value, expected) => {
    expect(isJobId(value)).toBe(expected);
  });

  it('refuses values that are not strings', () => {
    expect(isJobId(20261127154418)).toBe(false);
    expect(isJobId(null)).toBe(false);
    expect(isJobId(undefined)).toBe(false);
  });
});

describe('taskId', () => {
  it('joins the job id and the component name with an underscore', () => {
    expect(taskId('202611271544180123451', 'hetero_lr_0')).toBe('202611271544180123451_hetero_lr_0');
  });

  it('counts task versions from 0', () => {
    expect(FIRST_TASK_VERSION).toBe(0);
  });
});

describe('modelId', () => {
  it('builds FATE model ids from the roles of a job', () => {
    expect(modelId({ guest: [9999], host: [10000], arbiter: [10000] })).toBe(
      'arbiter-10000#guest-9999#host-10000#model',
    );
  });

  it('sorts roles by name whatever order the conf lists them in', () => {
    expect(modelId({ host: [10000], arbiter: [10000], guest: [9999] })).toBe(
      'arbiter-10000#guest-9999#host-10000#model',
    );
  });

  it('joins several parties of a role with "_" in numeric order', () => {
    expect(modelId({ guest: [9999], host: [10001, 9998, 10000] })).toBe('guest-9999#host-9998_10000_10001#model');
  });

  it('sorts party ids as numbers, not as text', () => {
    expect(modelId({ host: [100, 20, 3] })).toBe('host-3_20_100#model');
  });

  it('lists a repeated party id once', () => {
    expect(modelId({ guest: [9999, 9999], host: [10000, 10000, 10001] })).toBe('guest-9999#host-10000_10001#model');
  });

  it('handles a one-party local job', () => {
    expect(modelId({ local: [0] })).toBe('local-0#model');
  });
});
