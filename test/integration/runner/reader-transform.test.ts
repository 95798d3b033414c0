import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { DynamoTableStore } from '../../../functions/adapters/dynamodb/table-store.js';
import { DynamoTrackingStore } from '../../../functions/adapters/dynamodb/tracking-store.js';
import { LocalObjectStore } from '../../../functions/adapters/objects/local-object-store.js';
import { readCsvTable } from '../../../functions/services/data/csv-table.js';
import { productionComponents } from '../../../runner/components/catalog.js';
import { type RunTaskDeps, runTask } from '../../../runner/run-task.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { recordedLog } from '../../support/task-log.js';
import { GUEST, storeJob, T0 } from './records.js';

const GUEST_CSV = new URL('../../../examples/data/breast_hetero_guest.csv', import.meta.url);
const UPLOAD_JOB = '20260101110000000000001';

let local: LocalDynamo;
let objectsDir: string;
let jobs: DynamoJobStore;
let tables: DynamoTableStore;
let deps: RunTaskDeps;

beforeAll(async () => {
  local = await startDynalite();
  objectsDir = await mkdtemp(join(tmpdir(), 'runner-reader-'));
  jobs = new DynamoJobStore(local.client, local.tableName);
  tables = new DynamoTableStore(local.client, local.tableName);
  deps = {
    jobs,
    tracking: new DynamoTrackingStore(local.client, local.tableName),
    objects: new LocalObjectStore(objectsDir),
    tables,
    components: productionComponents,
    now: () => T0 + 1000,
    log: recordedLog(),
  };
  // What `flow data upload -c examples/hetero-lr/upload-guest.json` stores: the normalised rows
  // under tables/<namespace>/<name>/<upload job>.csv and the table record pointing at them.
  const upload = readCsvTable(await readFile(GUEST_CSV), { head: true, idDelimiter: ',', extendSid: false });
  const location = `tables/experiment/breast_hetero_guest/${UPLOAD_JOB}.csv`;
  await deps.objects.put(location, upload.rows, 'text/csv');
  await tables.putTable({
    namespace: 'experiment',
    name: 'breast_hetero_guest',
    count: upload.count,
    partitions: 4,
    schema: { header: upload.header.join(','), sid: upload.sid },
    idDelimiter: ',',
    location,
    engine: 'LOCALFS',
    origin: 'upload',
    enable: true,
    extendSid: false,
    jobId: UPLOAD_JOB,
    createTime: T0,
  });
});

afterAll(async () => {
  await local.stop();
  await rm(objectsDir, { recursive: true, force: true });
});

const text = async (key: string) => new TextDecoder().decode(await deps.objects.get(key));

describe('Reader then DataTransform through runTask', () => {
  it('reads the uploaded breast table at the guest and moves its label next to the id', async () => {
    const { jobId, key } = await storeJob(jobs, {
      reader_0: {
        module: 'Reader',
        parameters: { table: { name: 'breast_hetero_guest', namespace: 'experiment' } },
        output: { data: ['data'] },
      },
      data_transform_0: {
        module: 'DataTransform',
        parameters: { with_label: true, label_name: 'y', label_type: 'int', output_format: 'dense' },
        input: { data: { data: ['reader_0.data'] } },
        output: { data: ['data'], model: ['model'] },
      },
    });

    expect(await runTask(deps, key('reader_0'))).toEqual({ status: 'success', exitCode: 0 });
    expect(await runTask(deps, key('data_transform_0'))).toEqual({ status: 'success', exitCode: 0 });

    const source = (await readFile(GUEST_CSV, 'utf8')).split('\n');
    const read = await text(`outputs/${jobId}/reader_0/guest/${GUEST}/v0/data.csv`);
    expect(read.split('\n')).toEqual(source);
    const transformed = (await text(`outputs/${jobId}/data_transform_0/guest/${GUEST}/v0/data.csv`)).split('\n');
    expect(transformed.length).toBe(571);
    expect(transformed.slice(0, 2)).toEqual([
      'id,y,x0,x1,x2,x3,x4,x5,x6,x7,x8,x9',
      '0,0,1.88669,-1.359293,2.303601,2.001237,1.307686,2.616665,2.109526,2.296076,2.750622,1.937015',
    ]);
    const [output] = await deps.tracking.listOutputs(
      { jobId, component: 'data_transform_0', role: 'guest', partyId: GUEST },
      'data',
    );
    expect(output?.meta).toEqual({
      label_name: 'y',
      with_label: true,
      label_type: 'int',
      header: ['y', ...Array.from({ length: 10 }, (_, index) => `x${index}`)],
      total: 569,
      sid: 'id',
      delimiter: ',',
    });
  });

  it("gives a DataTransform its upstream's model through the store, so it reads the data with the trained label", async () => {
    const { jobId, key } = await storeJob(jobs, {
      reader_0: {
        module: 'Reader',
        parameters: { table: { name: 'breast_hetero_guest', namespace: 'experiment' } },
        output: { data: ['data'] },
      },
      data_transform_0: {
        module: 'DataTransform',
        parameters: { with_label: true, label_name: 'y', label_type: 'int' },
        input: { data: { data: ['reader_0.data'] } },
        output: { data: ['data'], model: ['model'] },
      },
      data_transform_1: {
        module: 'DataTransform',
        parameters: {},
        input: { data: { data: ['reader_0.data'] }, model: ['data_transform_0.model'] },
        output: { data: ['data'] },
      },
    });

    for (const component of ['reader_0', 'data_transform_0', 'data_transform_1']) {
      expect(await runTask(deps, key(component))).toEqual({ status: 'success', exitCode: 0 });
    }
    const at = (component: string) => `outputs/${jobId}/${component}/guest/${GUEST}/v0/data.csv`;
    expect(await text(at('data_transform_1'))).toBe(await text(at('data_transform_0')));
  });

  it('fails the Reader task naming the table and the party when it was not uploaded there', async () => {
    const { key } = await storeJob(jobs, {
      reader_0: {
        module: 'Reader',
        parameters: { table: { name: 'breast_hetero_host', namespace: 'experiment' } },
        output: { data: ['data'] },
      },
    });

    expect(await runTask(deps, key('reader_0'))).toEqual({ status: 'failed', exitCode: 1 });
    expect((await jobs.getTask(key('reader_0')))?.errorReport?.split('\n')[0]).toBe(
      'DataError: table experiment.breast_hetero_host does not exist at guest 9999: upload it there first ' +
        '(flow data upload with namespace "experiment" and table_name "breast_hetero_host")',
    );
  });
});
