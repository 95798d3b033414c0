import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoTableStore } from '../../../functions/adapters/dynamodb/table-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { newJobId, tableRecord } from './records.js';

let local: LocalDynamo;
let store: DynamoTableStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoTableStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

describe('data tables', () => {
  it('stores a table and reads it back exactly as given', async () => {
    const table = tableRecord({ name: 'stored', schema: { header: 'y,x0', sid: 'id', meta: { label: 'y' } } });

    expect(await store.putTable(table)).toBe('stored');

    expect(await store.getTable(table.namespace, table.name)).toEqual(table);
    expect(await store.getTable(table.namespace, 'absent')).toBeUndefined();
  });

  it('refuses to overwrite an existing table unless asked to replace it', async () => {
    const table = tableRecord({ name: 'kept' });
    await store.putTable(table);

    expect(await store.putTable({ ...table, count: 1 })).toBe('exists');
    expect(await store.getTable(table.namespace, table.name)).toEqual(table);

    expect(await store.putTable({ ...table, count: 2 }, { replace: true })).toBe('stored');
    expect(await store.getTable(table.namespace, table.name)).toEqual({ ...table, count: 2 });
  });

  it('stores one of ten concurrent puts of the same new table', async () => {
    const base = tableRecord({ name: 'raced' });
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => store.putTable({ ...base, count: i })));

    expect(outcomes.filter((outcome) => outcome === 'stored')).toHaveLength(1);
    expect(await store.getTable(base.namespace, base.name)).toEqual({ ...base, count: outcomes.indexOf('stored') });
  });

  it('deletes a table and returns what it held, then finds nothing to delete', async () => {
    const table = tableRecord({ name: 'deleted' });
    await store.putTable(table);

    expect(await store.deleteTable(table.namespace, table.name)).toEqual(table);
    expect(await store.deleteTable(table.namespace, table.name)).toBeUndefined();
    expect(await store.getTable(table.namespace, table.name)).toBeUndefined();
    expect(await store.listTablesOfJob(table.jobId)).toEqual([]);
  });

  it('lists the tables a job produced, by namespace and name', async () => {
    const jobId = newJobId();
    const b = tableRecord({ jobId, namespace: 'out', name: 'b', origin: 'output' });
    const a = tableRecord({ jobId, namespace: 'out', name: 'a', origin: 'output' });
    const other = tableRecord({ namespace: 'out', name: 'c' });
    for (const table of [b, a, other]) await store.putTable(table);

    expect(await store.listTablesOfJob(jobId)).toEqual([a, b]);
    expect(await store.listTablesOfJob(newJobId())).toEqual([]);
  });

  it('moves a replaced table to the job that replaced it', async () => {
    const first = tableRecord({ namespace: 'moved', name: 't' });
    const second = { ...first, jobId: newJobId(), count: 7 };
    await store.putTable(first);

    await store.putTable(second, { replace: true });

    expect(await store.listTablesOfJob(first.jobId)).toEqual([]);
    expect(await store.listTablesOfJob(second.jobId)).toEqual([second]);
  });

  it('keeps namespaces and names that contain the key separator apart', async () => {
    const jobId = newJobId();
    const left = tableRecord({ jobId, namespace: 'a#b', name: 'c', count: 1 });
    const right = tableRecord({ jobId, namespace: 'a', name: 'b#c', count: 2 });
    const percent = tableRecord({ jobId, namespace: 'a%23b', name: 'c', count: 3 });

    for (const table of [left, right, percent]) expect(await store.putTable(table)).toBe('stored');

    expect(await store.getTable('a#b', 'c')).toEqual(left);
    expect(await store.getTable('a', 'b#c')).toEqual(right);
    expect(await store.getTable('a%23b', 'c')).toEqual(percent);
    expect((await store.listTablesOfJob(jobId)).map((table) => table.count).sort()).toEqual([1, 2, 3]);
  });
});
