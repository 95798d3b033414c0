import { describe, expect, it } from '@jest/globals';
import { readerParameters } from '../../../components/reader.js';
import { Reader } from '../../../runner/components/reader.js';
import { Harness, JOB_ID, NOW } from './support.js';
import { TableHarness } from './table-harness.js';

const READER = { module: 'Reader', output: { data: ['data'] } };
const GUEST_TABLE = 'id,y,x0,x1\n0,1,0.5,-1.25\n1,0,2,0\n';
const outputKey = (role = 'guest', partyId = 9999) => `outputs/${JOB_ID}/reader_0/${role}/${partyId}/v0/data.csv`;
const table = { name: 'breast_hetero_guest', namespace: 'experiment' };

describe('Reader', () => {
  it('writes the uploaded table unchanged as its data output, with the table named in the meta', async () => {
    const harness = new TableHarness();
    await harness.uploaded('experiment', 'breast_hetero_guest', GUEST_TABLE);
    await harness.run(Reader, { table }, READER, { component: 'reader_0' });

    expect(harness.objects.text(outputKey())).toBe(GUEST_TABLE);
    const outputs = await harness.tracking.listOutputs({
      jobId: JOB_ID,
      component: 'reader_0',
      role: 'guest',
      partyId: 9999,
    });
    expect(outputs).toEqual([
      {
        jobId: JOB_ID,
        component: 'reader_0',
        role: 'guest',
        partyId: 9999,
        kind: 'data',
        name: 'data',
        location: outputKey(),
        meta: { table, header: ['y', 'x0', 'x1'], total: 2, sid: 'id', delimiter: ',' },
        createTime: NOW,
      },
    ]);
    expect(harness.lines).toEqual(['wrote data: table experiment.breast_hetero_guest (2 rows, 4 columns)']);
  });

  it('reads a bound table where its rows stay, not from the object store', async () => {
    const harness = new TableHarness();
    await harness.boundAt('experiment', 'kept_at_owner', '/data/owner/guest.csv', GUEST_TABLE);
    await harness.run(Reader, { table: { namespace: 'experiment', name: 'kept_at_owner' } }, READER, {
      component: 'reader_0',
    });

    expect(harness.objects.text(outputKey())).toBe(GUEST_TABLE);
    expect(harness.lines).toEqual(['wrote data: table experiment.kept_at_owner (2 rows, 4 columns)']);
  });

  it('rewrites a table uploaded with another id_delimiter with ","', async () => {
    const harness = new TableHarness();
    await harness.uploaded('experiment', 'tabbed', 'id\tx0\n7\t1.5\n', '\t');
    await harness.run(Reader, { table: { namespace: 'experiment', name: 'tabbed' } }, READER, {
      component: 'reader_0',
      role: 'host',
      partyId: 10000,
    });

    expect(harness.objects.text(outputKey('host', 10000))).toBe('id,x0\n7,1.5\n');
  });

  it('fails naming namespace.name and the party when the table was never uploaded there', async () => {
    const harness = new TableHarness();
    await harness.uploaded('experiment', 'breast_hetero_guest', GUEST_TABLE);

    await expect(
      harness.run(Reader, { table: { namespace: 'experiment', name: 'breast_hetero_host' } }, READER, {
        role: 'host',
        partyId: 10000,
      }),
    ).rejects.toThrow(
      'table experiment.breast_hetero_host does not exist at host 10000: upload it there first ' +
        '(flow data upload with namespace "experiment" and table_name "breast_hetero_host")',
    );
  });

  it('fails clearly when the runner has no table store', async () => {
    const harness = new Harness();

    await expect(harness.run(Reader, { table }, READER)).rejects.toThrow(
      'this task cannot read stored tables: the runner was given no table store (guest 9999)',
    );
  });
});

describe('Reader parameters', () => {
  it('accept FATE table: {name, namespace}', () => {
    expect(readerParameters.parse({ table })).toEqual({ table });
  });

  it('refuse a missing namespace, a name with a space and an unknown key, naming each', () => {
    const messages = (value: unknown) => readerParameters.safeParse(value).error?.issues.map((issue) => issue.message);

    expect(messages({ table: { name: 'a' } })).toEqual(['table.namespace must be a string']);
    expect(messages({ table: { name: 'a b', namespace: 'n' } })).toEqual([
      'table.name may only use letters, digits, "_", "-" and "."',
    ]);
    expect(messages({ table, rows: 3 })).toEqual(['Unrecognized key: "rows"']);
  });

  it("refuse FATE's read-another-job's-output form by name", () => {
    const result = readerParameters.safeParse({
      table: { ...table, job_id: '202601011100000000001', component_name: 'upload_0', data_name: 'data' },
    });

    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [
        ['table', 'job_id'],
        "reading another job's output (table.job_id, component_name, data_name) is not supported: " +
          'name an uploaded table by namespace and name',
      ],
    ]);
  });

  it('run at guest and host only, as FATE binds it', () => {
    expect(Reader.roles).toEqual(['guest', 'host']);
  });
});
