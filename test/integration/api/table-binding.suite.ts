import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { storeSnapshot, type TestFederation } from '../../support/local-federation.js';

const GUEST = 9999;

/**
 * `flow table bind / add / disable / enable` at a local site: run by after-the-fact-routes.test.ts on
 * its federation (one site boot per file), on a bound CSV of `csv`'s rows.
 */
export function tableBindingSuite(site: () => TestFederation, csv: string): void {
  describe('flow table bind / add / disable / enable at a local site', () => {
    let folder: string;
    let path: string;
    const bind = (body: Record<string, unknown>, route = '/v1/table/bind') =>
      site().post(GUEST, route, {
        engine: 'PATH',
        address: { path },
        namespace: 'experiment',
        name: 'kept',
        ...body,
      });
    const snapshot = () => storeSnapshot(site().site(GUEST), site().dataDir, { exceptNonces: true });

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'bound-table-'));
      path = join(folder, 'guest.csv');
      await writeFile(path, csv);
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('binds a file where it stays: table info shows its columns, rows and address, and nothing is copied', async () => {
      const before = await snapshot();
      expect(await bind({ head: 1, id_delimiter: ',', partitions: 4 })).toEqual({
        retcode: 0,
        retmsg: 'success',
        data: { table_name: 'kept', namespace: 'experiment' },
      });
      expect((await snapshot()).objects).toEqual(before.objects);
      const info = await site().post(GUEST, '/v1/table/table_info', { namespace: 'experiment', table_name: 'kept' });
      expect(info.data).toMatchObject({
        exist: 1,
        count: 3,
        partition: 4,
        schema: { header: 'y,x0', sid: 'id' },
        address: { storage_engine: 'PATH', path },
        enable: true,
        origin: 'table_bind',
        job_id: '',
      });
    });

    it('refuses a second bind of the name without drop, and takes it with drop (table add, the same route)', async () => {
      const before = await snapshot();
      expect(await bind({})).toEqual({
        retcode: 100,
        retmsg: 'table experiment.kept already exists; bind with drop: 1 to replace it',
      });
      expect(await snapshot()).toEqual(before);
      expect((await bind({ drop: 1, partitions: 2 }, '/v1/table/add')).retcode).toBe(0);
      const info = await site().post(GUEST, '/v1/table/table_info', { namespace: 'experiment', table_name: 'kept' });
      expect(info.data).toMatchObject({ partition: 2, count: 3 });
    });

    it('refuses a bad engine, a relative path, a missing file and head 0, naming each, writing nothing', async () => {
      const before = await snapshot();
      const refusals = await Promise.all([
        bind({ name: 'other', engine: 'EGGROLL' }),
        bind({ name: 'other', address: { path: 'guest.csv' } }),
        bind({ name: 'other', address: { path: join(folder, 'missing.csv') } }),
        bind({ name: 'other', head: 0 }),
        bind({ name: 'other', address: 'guest.csv' }),
      ]);
      expect(refusals.map((answer) => [answer.retcode, answer.retmsg])).toEqual([
        [101, 'engine: this site binds PATH tables, not EGGROLL'],
        [101, 'address.path must be an absolute file path, not "guest.csv"'],
        [
          102,
          `cannot read the bound table's file ${join(folder, 'missing.csv')}: ENOENT: no such file or directory, open '${join(folder, 'missing.csv')}'`,
        ],
        [101, "head: a bound table's first line must name its columns (head 1)"],
        [101, 'request.address: address is required and must be an object such as {"path": …}'],
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it('disables and enables the table, and answers 101 for a table that is not there', async () => {
      const table = { namespace: 'experiment', table_name: 'kept' };
      expect(await site().post(GUEST, '/v1/table/disable', table)).toEqual({
        retcode: 0,
        retmsg: 'success',
        data: [{ table_name: 'kept', namespace: 'experiment' }],
      });
      const info = async () => (await site().post(GUEST, '/v1/table/table_info', table)).data;
      expect(await info()).toMatchObject({ enable: false });
      expect((await site().post(GUEST, '/v1/table/enable', table)).retcode).toBe(0);
      expect(await info()).toMatchObject({ enable: true });
      expect(await site().post(GUEST, '/v1/table/disable', { namespace: 'experiment', table_name: 'none' })).toEqual({
        retcode: 101,
        retmsg: 'no find table: experiment.none does not exist',
      });
    });
  });
}
