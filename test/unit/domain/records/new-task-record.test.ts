import { describe, expect, it } from '@jest/globals';
import { newTaskRecord } from '../../../../functions/domain/records/new-task-record.js';
import type { TaskRecord } from '../../../../functions/domain/records/task-record.js';
import { nextVersionOf } from '../../../../functions/services/tasks/next-version.js';

const jobId = '202612070716000000010';

describe('newTaskRecord', () => {
  it('makes a waiting task with no history, its task id from the job and component', () => {
    const task = newTaskRecord(
      {
        jobId,
        component: 'reader_0',
        taskVersion: 0,
        role: 'guest',
        partyId: 9999,
        module: 'Reader',
        needRun: true,
        provider: null,
        parameters: { table: { namespace: 'experiment', name: 'breast' } },
        isLocal: true,
      },
      1_000,
    );
    expect(task).toEqual({
      jobId,
      component: 'reader_0',
      taskId: `${jobId}_reader_0`,
      taskVersion: 0,
      role: 'guest',
      partyId: 9999,
      module: 'Reader',
      needRun: true,
      provider: null,
      parameters: { table: { namespace: 'experiment', name: 'breast' } },
      partyStatus: 'waiting',
      status: 'waiting',
      isLocal: true,
      statusHistory: [],
      createTime: 1_000,
      updateTime: 1_000,
    });
  });

  it("gives a task's next version none of the last run's status, times, worker, error or reports", () => {
    const ran: TaskRecord = {
      ...newTaskRecord(
        {
          jobId,
          component: 'lr_0',
          taskVersion: 2,
          role: 'host',
          partyId: 10000,
          module: 'HeteroLR',
          needRun: true,
          provider: 'fate@2.0.0',
          parameters: { max_iter: 30 },
          isLocal: false,
        },
        1_000,
      ),
      partyStatus: 'failed',
      status: 'failed',
      statusHistory: [{ from: 'waiting', to: 'running', at: 1_100 }],
      errorReport: 'boom',
      reportedStatus: 'failed',
      workerId: 'pid-42',
      startTime: 1_100,
      heartbeatTime: 1_150,
      endTime: 1_200,
      elapsed: 100,
      updateTime: 1_200,
    };
    expect(nextVersionOf(ran, 3, 2_000)).toEqual({
      jobId,
      component: 'lr_0',
      taskId: `${jobId}_lr_0`,
      taskVersion: 3,
      role: 'host',
      partyId: 10000,
      module: 'HeteroLR',
      needRun: true,
      provider: 'fate@2.0.0',
      parameters: { max_iter: 30 },
      partyStatus: 'waiting',
      status: 'waiting',
      isLocal: false,
      statusHistory: [],
      createTime: 2_000,
      updateTime: 2_000,
    });
  });
});
