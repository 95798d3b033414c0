import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import {
  type Envelope,
  JobCleanSchema,
  JobCreateSchema,
  JobResourceApplySchema,
  JobResourceReturnSchema,
  JobStartSchema,
  JobStatusUpdateSchema,
  JobStopSchema,
  ObjectRefSchema,
  TaskReportSchema,
  TaskStartSchema,
  TaskStopSchema,
  TransferSchema,
} from '../../../proto/fateflow/federation/v1/federation_pb.js';
import type { FederationTargets } from './federation-targets.js';
import { hostileBodyText, hugeString, type Loose, oddString, oneDeepChange, Raw, toJsonText } from './hostile-json.js';

/** The `command` of federation envelopes, from valid to hostile, built straight in protobuf. */

export type Command = Envelope['command'];

/** Mostly what a site sends (ms since the epoch, small durations), sometimes what no int64 field may hold. */
export const int64 = fc.oneof(
  { arbitrary: fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }), weight: 12 },
  { arbitrary: fc.constant(BigInt(Date.now())), weight: 7 },
  { arbitrary: fc.constantFrom(-1n, 2n ** 53n, 2n ** 63n - 1n, -(2n ** 63n)), weight: 1 },
);
/**
 * Task versions below 10^6, the six digits the store's keys give them. Larger ones are the codec's
 * to refuse (issue #10 finding 4), tested with the codec.
 */
const taskVersions = fc.oneof(fc.constantFrom(0, 1, 2, 999_999, 1_000_000, 2 ** 32 - 1), fc.nat({ max: 999_999 }));
/** Mostly a value the enum has (1…count), sometimes UNSPECIFIED (0) or one no version knows. */
export const enumValue = (count: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: count }), weight: 8 },
    { arbitrary: fc.constantFrom(0, count + 1, 99, 2 ** 31 - 1), weight: 1 },
  );
export const text = fc.oneof({ arbitrary: oddString, weight: 5 }, { arbitrary: hugeString, weight: 1 });

const jobCreateSchemaValue = (dslJson: string, runtimeConfJson: string, createTimeMs: bigint): Command => ({
  case: 'jobCreate',
  value: create(JobCreateSchema, { dslJson, runtimeConfJson, createTimeMs }),
});

/** The document may have been replaced whole (a list, a string, deep text …): then both parts are that. */
function partText(document: Loose, part: 'dsl' | 'runtime_conf'): string {
  const isObject = typeof document === 'object' && document !== null && !Array.isArray(document);
  return isObject && !(document instanceof Raw) ? toJsonText(document[part] ?? null) : toJsonText(document);
}

/** The sender's own job created at the receiver: as it is, with one value changed, or not JSON at all. */
function jobCreates(targets: FederationTargets): fc.Arbitrary<Command> {
  const document = { dsl: targets.peerJob.dsl, runtime_conf: targets.peerJob.conf } as Loose;
  const body = fc.oneof(
    { arbitrary: fc.constant(document), weight: 1 },
    { arbitrary: oneDeepChange(document), weight: 6 },
  );
  const rawDsl = fc.oneof({ arbitrary: fc.constant(null), weight: 7 }, { arbitrary: hostileBodyText, weight: 1 });
  const createTime = fc.oneof(
    { arbitrary: fc.constant(BigInt(Date.now())), weight: 7 },
    { arbitrary: int64, weight: 1 },
  );
  return fc
    .tuple(body, rawDsl, createTime)
    .map(([value, raw, time]) =>
      jobCreateSchemaValue(raw ?? partText(value, 'dsl'), partText(value, 'runtime_conf'), time),
    );
}

const simple = (command: Command): fc.Arbitrary<Command> => fc.constant(command);

const jobCommands: fc.Arbitrary<Command> = fc.oneof(
  simple({ case: 'jobResourceApply', value: create(JobResourceApplySchema) }),
  simple({ case: 'jobResourceReturn', value: create(JobResourceReturnSchema) }),
  simple({ case: 'jobClean', value: create(JobCleanSchema) }),
  int64.map((startTimeMs): Command => ({ case: 'jobStart', value: create(JobStartSchema, { startTimeMs }) })),
  fc.tuple(enumValue(8), fc.option(text), fc.boolean()).map(
    ([status, tag, rerun]): Command => ({
      case: 'jobStatusUpdate',
      value: create(JobStatusUpdateSchema, { status, ...(tag === null ? {} : { tag }), rerun }),
    }),
  ),
  fc.tuple(enumValue(3), fc.option(text)).map(
    ([status, tag]): Command => ({
      case: 'jobStop',
      value: create(JobStopSchema, { status, ...(tag === null ? {} : { tag }) }),
    }),
  ),
);

/** A tag as a task scopes it (`<component>/<task version>/<tag>`, maybe a part `#i/n`), or any text. */
const transferTags = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('hetero_lr_0', 'intersection_0', 'x'),
      fc.nat({ max: 3 }),
      oddString,
      fc.option(fc.nat({ max: 3 })),
    )
    .map(([component, version, tag, part]) => `${component}/${version}/${tag}${part === null ? '' : `#${part}/3`}`),
  text,
);

const transfers: fc.Arbitrary<Command> = fc
  .tuple(
    transferTags,
    fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.constant(new Uint8Array(300_000))),
    fc.boolean(),
    int64,
  )
  .map(
    ([tag, bytes, inline, size]): Command => ({
      case: 'transfer',
      value: create(TransferSchema, {
        tag,
        payload: inline
          ? { case: 'inline', value: bytes }
          : { case: 'object', value: create(ObjectRefSchema, { key: tag, size, sha256: 'ab'.repeat(32) }) },
      }),
    }),
  );

/**
 * Every command (`all`); mostly the ones a party sends its job's initiator (`fromParty`); mostly
 * the ones an initiator sends a party (`fromInitiator`). A task.start never names a real
 * component: it would start a process at the receiver.
 */
export function commands(
  targets: FederationTargets,
): Record<'all' | 'fromParty' | 'fromInitiator', fc.Arbitrary<Command>> {
  const component = fc.oneof(
    { arbitrary: fc.constantFrom(...targets.components), weight: 4 },
    { arbitrary: text, weight: 1 },
  );
  const optional = fc.option(int64);
  const taskReports = fc
    .tuple(component, taskVersions, enumValue(7), optional, optional, optional, fc.option(text))
    .map(
      ([name, taskVersion, partyStatus, start, end, elapsed, errorReport]): Command => ({
        case: 'taskReport',
        value: create(TaskReportSchema, {
          component: name,
          taskVersion,
          partyStatus,
          ...(start === null ? {} : { startTimeMs: start }),
          ...(end === null ? {} : { endTimeMs: end }),
          ...(elapsed === null ? {} : { elapsedMs: elapsed }),
          ...(errorReport === null ? {} : { errorReport }),
        }),
      }),
    );
  const taskStarts = fc.tuple(fc.oneof(fc.constantFrom('nope_0', ''), text), taskVersions).map(
    ([name, taskVersion]): Command => ({
      case: 'taskStart',
      value: create(TaskStartSchema, { component: name, taskVersion }),
    }),
  );
  const taskStops = fc.tuple(component, taskVersions, enumValue(3)).map(
    ([name, taskVersion, status]): Command => ({
      case: 'taskStop',
      value: create(TaskStopSchema, { component: name, taskVersion, status }),
    }),
  );
  const all = fc.oneof(
    { arbitrary: jobCreates(targets), weight: 4 },
    { arbitrary: jobCommands, weight: 6 },
    { arbitrary: taskStarts, weight: 2 },
    { arbitrary: taskStops, weight: 2 },
    { arbitrary: taskReports, weight: 4 },
    { arbitrary: transfers, weight: 2 },
  );
  const fromParty = fc.oneof(
    { arbitrary: taskReports, weight: 6 },
    { arbitrary: transfers, weight: 3 },
    { arbitrary: all, weight: 1 },
  );
  const fromInitiator = fc.oneof(
    { arbitrary: jobCreates(targets), weight: 4 },
    { arbitrary: jobCommands, weight: 6 },
    { arbitrary: taskStarts, weight: 2 },
    { arbitrary: taskStops, weight: 2 },
    { arbitrary: transfers, weight: 2 },
    { arbitrary: all, weight: 1 },
  );
  return { all, fromParty, fromInitiator };
}
