import type { ObjectStore } from '../../../functions/domain/ports/object-store.js';
import type { LocalSite } from '../../../local/site/local-site.js';
import type { SiteSnapshot } from './store-snapshot.js';

/**
 * Which writes a site's store took, seen at its two edges: every DynamoDB write call that
 * succeeded (the document client all its adapters share; a failed conditional write, or a delete
 * that returned no old item, changed nothing and is not counted), and every object put (whole or streamed) or deleted. Nothing is replaced: the calls run
 * as they would. A fuzz test resets it before each request and reads what that request wrote.
 */
export interface WriteObserver {
  /** `PK SK` of each item written, `object <key>` of each object, since the last reset. */
  readonly writes: readonly string[];
  reset(): void;
  /** Takes the observer off the site. */
  detach(): void;
}

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

type Input = Record<string, unknown>;

/**
 * Observes `site`. `ignore(pk, input)` leaves out writes a test expects every request to make (the
 * federation's delivery records, which a refused command leaves too, so that a replay is refused;
 * and the proven sender's last contact written beside them), given the item's partition key and
 * the write call's input.
 */
export function observeWrites(
  site: LocalSite,
  ignore: (pk: string, input: Readonly<Input>) => boolean = () => false,
): WriteObserver {
  const writes: string[] = [];
  const name = `write-observer-${site.partyId}`;
  const { client } = site.table;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (WRITE_COMMANDS.has(context.commandName ?? '') && !deletedNothing(context.commandName, args.input, result)) {
        for (const key of keysOf(args.input as Input))
          if (!ignore(key.pk, args.input as Input)) writes.push(`${key.pk} ${key.sk}`);
      }
      return result;
    },
    { step: 'initialize', name },
  );
  const objects: ObjectStore = site.services.objects;
  const { put, putStream, delete: remove } = objects;
  objects.put = async (key, body, contentType) => {
    await put.call(objects, key, body, contentType);
    writes.push(`object ${key}`);
  };
  // An upload's rows are streamed into their object: a write like any put.
  objects.putStream = async (key, body, contentType) => {
    await putStream.call(objects, key, body, contentType);
    writes.push(`object ${key}`);
  };
  objects.delete = async (key) => {
    await remove.call(objects, key);
    writes.push(`object ${key}`);
  };
  return {
    writes,
    reset: () => {
      writes.length = 0;
    },
    detach: () => {
      client.middlewareStack.remove(name);
      objects.put = put;
      objects.putStream = putStream;
      objects.delete = remove;
    },
  };
}

/** A delete that asked for the old item and got none: it found nothing to delete. */
function deletedNothing(command: string | undefined, input: unknown, result: unknown): boolean {
  if (command !== 'DeleteItemCommand' || (input as Input).ReturnValues !== 'ALL_OLD') return false;
  const output = (result as { output?: { Attributes?: unknown } }).output;
  return output?.Attributes === undefined;
}

/** The keys a write request names, from the document client's (not yet marshalled) input. */
function keysOf(input: Input): { pk: string; sk: string }[] {
  const single = (input.Item ?? input.Key) as Input | undefined;
  if (single !== undefined) return [keyOf(single)];
  const requests = Object.values((input.RequestItems ?? {}) as Record<string, Input[]>).flat();
  const transact = ((input.TransactItems ?? []) as Input[]).flatMap((entry) => Object.values(entry) as Input[]);
  return [...requests, ...transact].map((request) => {
    const inner = (request.PutRequest ?? request.DeleteRequest ?? request) as Input;
    return keyOf((inner.Item ?? inner.Key ?? {}) as Input);
  });
}

function keyOf(item: Input): { pk: string; sk: string } {
  const text = (value: unknown): string =>
    typeof value === 'object' && value !== null && 'S' in value ? String(value.S) : String(value);
  return { pk: text(item.PK), sk: text(item.SK) };
}

/**
 * What `before` and `after` share outside the items and objects that accepted requests wrote
 * (`accepted`, as the observer names them): those two must be equal, or something else wrote.
 */
export function outsideAccepted(snapshot: SiteSnapshot, accepted: ReadonlySet<string>): SiteSnapshot {
  return {
    items: snapshot.items.filter((item) => !accepted.has(`${String(item.PK)} ${String(item.SK)}`)),
    objects: snapshot.objects.filter((key) => !accepted.has(`object ${key}`)),
  };
}
