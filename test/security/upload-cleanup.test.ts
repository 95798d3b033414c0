import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServerError } from '../../functions/domain/errors.js';
import type { TrackingStore } from '../../functions/domain/ports/tracking-store.js';
import { uploadTable } from '../../functions/services/data/upload-table.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import type { LocalSite } from '../../local/site/local-site.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import { callApi, uploadCall } from './support/in-process-api.js';
import { snapshotSite } from './support/store-snapshot.js';

/**
 * Finding 4's safety net: an upload that fails after its rows are in the object store takes them
 * back, and the table with them (or puts back the table it replaced), so no orphan object is left.
 */

const GUEST = 9999;
const conf = (name: string, extra: object = {}) => ({
  namespace: 'cleanup',
  table_name: name,
  head: 1,
  partition: 1,
  ...extra,
});
const csv = (rows: number) =>
  `id,x\n${Array.from({ length: rows }, (_, index) => `${index},${index * 2}`).join('\n')}\n`;

/** The site's services with its tracking store failing as an outage would, when the upload's output is recorded. */
function withOutputOutage(services: SiteServices): SiteServices {
  const tracking: TrackingStore = {
    ...services.tracking,
    putOutput: async () => {
      throw new ServerError('the store is unavailable');
    },
  };
  return { ...services, tracking };
}

type Item = Record<string, unknown>;
const isIn = (items: readonly Item[]) => (item: Item) => items.some((old) => old.PK === item.PK && old.SK === item.SK);

/** The items `after` has that `before` had not, and that what `before` had is all still there, unchanged. */
function addedItems(before: readonly Item[], after: readonly Item[]): Item[] {
  expect(after.filter(isIn(before))).toEqual(before);
  return after.filter((item) => !isIn(before)(item));
}

describe('an upload that fails after its rows are stored', () => {
  let federation: TestFederation;
  let guest: LocalSite;

  beforeAll(async () => {
    federation = await startTestFederation();
    guest = federation.site(GUEST);
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  it('refuses every upload but one of a new table sent at once, and the others leave nothing', async () => {
    const before = await snapshotSite(guest);
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, index) => callApi(guest, uploadCall(conf('raced'), csv(index + 1)))),
    );
    const won = answers.filter((answer) => answer.retcode === 0);
    expect(won).toHaveLength(1);
    expect(answers.filter((answer) => answer.retcode !== 0)).toEqual(
      Array.from({ length: 4 }, () => ({
        status: 409,
        retcode: 100,
        retmsg: 'table cleanup.raced already exists; upload with --drop (drop: 1) to replace it',
      })),
    );
    const after = await snapshotSite(guest);
    // The winner's rows, table, table reference, upload job (its head and record), task and output; nothing of the others.
    expect(after.objects.filter((key) => !before.objects.includes(key))).toHaveLength(1);
    expect(after.items.length - before.items.length).toBe(6);
  });

  it('deletes its rows and its table when its job cannot be recorded', async () => {
    const before = await snapshotSite(guest);
    const failed = uploadTable(withOutputOutage(guest.services), conf('outage'), Buffer.from(csv(3)));
    await expect(failed).rejects.toThrow('the store is unavailable');
    const after = await snapshotSite(guest);
    expect(after.objects).toEqual(before.objects);
    // What stays is the record of the failure: the upload job and its task, failed; no table.
    expect(addedItems(before.items, after.items).map((item) => [item.type, item.status, item.partyStatus])).toEqual([
      ['jobHead', undefined, undefined],
      ['job', 'failed', undefined],
      ['task', 'failed', 'failed'],
    ]);
  });

  it('puts back the table it was replacing (drop) and keeps that table rows', async () => {
    expect((await callApi(guest, uploadCall(conf('replaced'), csv(2)))).retcode).toBe(0);
    const before = await snapshotSite(guest);
    const failed = uploadTable(withOutputOutage(guest.services), conf('replaced', { drop: 1 }), Buffer.from(csv(4)));
    await expect(failed).rejects.toThrow('the store is unavailable');
    const after = await snapshotSite(guest);
    expect(after.objects).toEqual(before.objects);
    // The replaced table and its reference are back as they were; only the failed upload job is new.
    expect(addedItems(before.items, after.items).map((item) => [item.type, item.status])).toEqual([
      ['jobHead', undefined],
      ['job', 'failed'],
      ['task', 'failed'],
    ]);
    expect(await guest.services.tables.getTable('cleanup', 'replaced')).toMatchObject({ count: 2 });
  });
});
