import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { ROLES } from '../../../../functions/domain/job/roles.js';
import type { CommandBodies, CommandName } from '../../../../functions/domain/ports/peer-client.js';
import { JOB_STATUSES, TASK_STATUSES } from '../../../../functions/domain/status/statuses.js';
import { decodeEnvelope, type EnvelopeInput, encodeEnvelope } from '../../../../functions/federation/codec/index.js';
import { fuzzRuns } from '../../../support/fuzz-runs.js';
import { decodedFrom, everyCommand } from './support/messages.js';

type Outcome = 'accepted' | 'rejected';

/**
 * The decoder's contract on hostile input: it returns a message that survives its own encoder
 * unchanged, or throws an ArgumentError with one of the two message shapes. Nothing else.
 */
function decodeOrRefuse(bytes: Uint8Array): Outcome {
  let decoded: ReturnType<typeof decodeEnvelope>;
  try {
    decoded = decodeEnvelope(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ArgumentError);
    expect(
      error instanceof ArgumentError && /^(not a federation envelope: |envelope\.[a-z0-9_.]+: )/.test(error.message),
    ).toBe(true);
    return 'rejected';
  }
  const { messageId, createdTime, message } = decoded;
  expect(decodeEnvelope(encodeEnvelope({ ...message, messageId, createdTime }))).toStrictEqual(decoded);
  return 'accepted';
}

type Mutation =
  | { kind: 'flip'; at: number; bits: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutation: Mutation): Uint8Array {
  const copy = [...bytes];
  const at = copy.length === 0 ? 0 : mutation.at % copy.length;
  switch (mutation.kind) {
    case 'flip':
      copy[at] = (copy[at] ?? 0) ^ mutation.bits;
      break;
    case 'set':
      copy[at] = mutation.value;
      break;
    case 'insert':
      copy.splice(at, 0, ...mutation.bytes);
      break;
    case 'delete':
      copy.splice(at, mutation.count);
      break;
    case 'truncate':
      copy.length = at;
      break;
  }
  return new Uint8Array(copy);
}

const text = fc.string({ minLength: 1, maxLength: 24 });
const millis = fc.maxSafeNat();
/** Epoch milliseconds as the store keys them: at most 15 digits. */
const epochMillis = fc.integer({ min: 0, max: 999_999_999_999_999 });
const taskVersion = fc.integer({ min: 0, max: 999_999 });
const jobId = fc.stringMatching(/^[0-9]{21}$/);
const plain = { noNullPrototype: true } as const;
const party = fc.record(
  { role: fc.constantFrom(...ROLES), partyId: fc.integer({ min: 0, max: 2_147_483_647 }) },
  plain,
);
const stopStatus = fc.constantFrom('canceled' as const, 'failed' as const, 'timeout' as const);
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6, ...plain });

function command<C extends CommandName>(name: C, body: fc.Arbitrary<CommandBodies[C]>) {
  return body.map((value) => ({ command: name, body: value }));
}

const commandArb = fc.oneof(
  command('job.create', fc.record({ dsl: jsonObject, runtimeConf: jsonObject, createTime: epochMillis }, plain)),
  command('job.resource.apply', fc.constant({})),
  command('job.resource.return', fc.constant({})),
  command('job.start', fc.record({ startTime: epochMillis }, plain)),
  command(
    'job.status',
    fc.record({ status: fc.constantFrom(...JOB_STATUSES), tag: fc.string() }, { requiredKeys: ['status'], ...plain }),
  ),
  command('job.stop', fc.record({ status: stopStatus, tag: fc.string() }, { requiredKeys: ['status'], ...plain })),
  command(
    'job.party.stop',
    fc.record({ status: stopStatus, tag: fc.string() }, { requiredKeys: ['status'], ...plain }),
  ),
  command('job.clean', fc.constant({})),
  command('task.start', fc.record({ component: text, taskVersion }, plain)),
  command('task.stop', fc.record({ component: text, taskVersion, status: stopStatus }, plain)),
  command(
    'task.report',
    fc.record(
      {
        component: text,
        taskVersion,
        partyStatus: fc.constantFrom(...TASK_STATUSES),
        startTime: epochMillis,
        endTime: epochMillis,
        elapsed: millis,
        errorReport: fc.string(),
      },
      { requiredKeys: ['component', 'taskVersion', 'partyStatus'], ...plain },
    ),
  ),
  command(
    'transfer',
    fc.record(
      {
        tag: text,
        payload: fc.oneof(
          fc.uint8Array({ maxLength: 64 }).map((bytes) => ({
            kind: 'inline' as const,
            base64: Buffer.from(bytes).toString('base64'),
          })),
          fc.record(
            {
              kind: fc.constant('object' as const),
              key: text,
              size: millis,
              sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
            },
            plain,
          ),
        ),
      },
      plain,
    ),
  ),
  command('model.deploy', fc.record({ modelId: text, childModelVersion: jobId, inferenceDsl: jsonObject }, plain)),
  command('model.check', fc.record({ modelId: fc.string(), modelVersion: fc.string(), predictDsl: jsonObject }, plain)),
);

const envelopeArb: fc.Arbitrary<EnvelopeInput> = fc
  .record({ messageId: text, createdTime: epochMillis, jobId, src: party, dest: party, command: commandArb }, plain)
  .map(({ command: { command, body }, ...rest }) => ({ ...rest, command, body }) as EnvelopeInput);

/** Hostile byte arrays per test: a sample each run, the full 5,000 with FUZZ_FULL=1. */
const HOSTILE_RUNS = fuzzRuns(1_500, 5_000);

describe('decodeEnvelope on hostile input', () => {
  it('returns a valid message or throws an ArgumentError for random byte arrays (5,000 with FUZZ_FULL=1)', () => {
    const outcomes: Outcome[] = [];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        outcomes.push(decodeOrRefuse(bytes));
      }),
      { numRuns: HOSTILE_RUNS },
    );

    expect(outcomes).toHaveLength(HOSTILE_RUNS);
    expect(outcomes).toContain('rejected');
  });

  it('returns a valid message or throws an ArgumentError for mutations of valid envelopes (5,000 with FUZZ_FULL=1)', () => {
    const valid = everyCommand().map(([, input]) => encodeEnvelope(input));
    const outcomes: Outcome[] = [];
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        (bytes, mutations) => {
          outcomes.push(decodeOrRefuse(mutations.reduce(mutate, bytes)));
        },
      ),
      { numRuns: HOSTILE_RUNS },
    );

    expect(outcomes).toHaveLength(HOSTILE_RUNS);
    expect(outcomes).toContain('accepted');
    expect(outcomes).toContain('rejected');
  });

  it('gives back random valid messages (1,000 with FUZZ_FULL=1) exactly as they were sent', () => {
    fc.assert(
      fc.property(envelopeArb, (input) => {
        const expected = decodedFrom(input);
        const { body } = expected.message;
        // The DSL and conf travel as JSON: compare with their JSON form (-0 becomes 0).
        const normalised =
          'runtimeConf' in body
            ? { ...body, dsl: json(body.dsl), runtimeConf: json(body.runtimeConf) }
            : 'inferenceDsl' in body
              ? { ...body, inferenceDsl: json(body.inferenceDsl) }
              : 'predictDsl' in body
                ? { ...body, predictDsl: json(body.predictDsl) }
                : body;

        expect(decodeEnvelope(encodeEnvelope(input))).toStrictEqual({
          ...expected,
          message: { ...expected.message, body: normalised },
        });
      }),
      { numRuns: fuzzRuns(400, 1_000) },
    );
  });
});

function json(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
