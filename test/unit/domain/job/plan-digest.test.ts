import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import type { JsonObject } from '../../../../functions/domain/job/deep-merge.js';
import { planDigest } from '../../../../functions/domain/job/plan-digest.js';
import { exampleJob } from '../../../fixtures/jobs.js';

describe('planDigest', () => {
  it('is the hex SHA-256 of the sorted-key JSON of [dsl, runtime_conf]', () => {
    const canonical = '[{"a":1,"b":[2,{"c":3,"d":4}]},{"e":null}]';
    expect(planDigest({ b: [2, { d: 4, c: 3 }], a: 1 }, { e: null })).toBe(
      createHash('sha256').update(canonical).digest('hex'),
    );
  });

  it('does not depend on key order at any depth', () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([key, inner]) => [key, reversed(inner)]),
            )
          : value;

    expect(planDigest(reversed(dsl) as JsonObject, reversed(conf) as JsonObject)).toBe(planDigest(dsl, conf));
  });

  it('changes with any value, with array order, and with which document holds a key', () => {
    const base = planDigest({ a: [1, 2] }, { b: 'x' });
    expect(planDigest({ a: [2, 1] }, { b: 'x' })).not.toBe(base);
    expect(planDigest({ a: [1, 2] }, { b: 'y' })).not.toBe(base);
    expect(planDigest({ a: [1, 2], b: 'x' }, {})).not.toBe(base);
    expect(planDigest({ a: [1, 2] }, { b: 'x' })).toBe(base);
  });

  it('refuses a structure too deep to write out with an ArgumentError', () => {
    let deep: JsonObject = {};
    for (let depth = 0; depth < 100_000; depth += 1) deep = { d: deep };

    expect(() => planDigest({}, deep)).toThrow(ArgumentError);
    expect(() => planDigest({}, deep)).toThrow(/^the job's dsl and runtime_conf cannot be compared: /);
  });
});
