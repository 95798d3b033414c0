import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createTable } from '../../../functions/adapters/dynamodb/create-table.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { DynamoResourceStore } from '../../../functions/adapters/dynamodb/resource-store.js';
import {
  createTableInput,
  JOBS_BY_TIME_INDEX,
  QUEUE_INDEX,
} from '../../../functions/adapters/dynamodb/table-definition.js';
import { jobKeyOf } from '../../../functions/domain/records/job-record.js';
import { httpClientTo, startDynalite } from '../../support/dynalite.js';
import { jobRecord, taskRecord } from './records.js';

describe('the table', () => {
  it('is defined with string keys PK/SK, two indexes and on-demand billing', () => {
    const input = createTableInput('t');

    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(input.AttributeDefinitions?.map((a) => `${a.AttributeName}:${a.AttributeType}`)).toEqual([
      'PK:S',
      'SK:S',
      'queuePK:S',
      'queueSK:S',
      'jobsPK:S',
      'jobsSK:S',
    ]);
    expect(input.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([QUEUE_INDEX, JOBS_BY_TIME_INDEX]);
  });

  it('is created once: creating it again answers exists', async () => {
    const local = await startDynalite();
    const raw = httpClientTo(local);
    try {
      expect(await createTable(raw, local.tableName)).toBe('exists');
      expect(await createTable(raw, 'second-table')).toBe('created');
    } finally {
      raw.destroy();
      await local.stop();
    }
  });
});

describe('dynalite on disk', () => {
  it('keeps what was written across a stop and a restart on the same path', async () => {
    const path = await mkdtemp(join(tmpdir(), 'fate-flow-dynalite-'));
    const job = jobRecord();
    const task = taskRecord({ jobId: job.jobId });
    try {
      const first = await startDynalite({ path });
      try {
        const jobs = new DynamoJobStore(first.client, first.tableName);
        await jobs.createJob(job, [task]);
        await jobs.updateJobStatus(jobKeyOf(job), 'running');
        const resources = new DynamoResourceStore(first.client, first.tableName);
        await resources.ensurePool({ name: 'default', cores: 16, memory: 0, nodes: 1 });
        await resources.apply('default', { jobId: job.jobId, cores: 4, memory: 0, appliedAt: 1 });
      } finally {
        await first.stop();
      }

      const second = await startDynalite({ path });
      try {
        const jobs = new DynamoJobStore(second.client, second.tableName);
        expect((await jobs.getJob(jobKeyOf(job)))?.status).toBe('running');
        expect(await jobs.listTasks(job.jobId)).toEqual([task]);
        expect(await jobs.listJobs({ limit: 10, page: 1 })).toEqual({
          jobs: [await jobs.getJob(jobKeyOf(job))],
          count: 1,
        });
        const pool = await new DynamoResourceStore(second.client, second.tableName).getPool('default');
        expect(pool?.remainingCores).toBe(12);
        expect(pool?.grants).toEqual([{ jobId: job.jobId, cores: 4, memory: 0, appliedAt: 1 }]);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });
});
