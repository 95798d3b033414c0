import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { componentLog, readTar } from '../../../board/lib/tar.js';
import { jobLogArchive } from '../../../functions/services/jobs/job-log-archive.js';

describe("the board's reading of the job log archive", () => {
  it('reads every file of the archive the job log route sends, and one component log of one party', async () => {
    const record = { jobId: 'j', role: 'host', partyId: 10000, createTime: 1 };
    const archive = await jobLogArchive(
      {
        jobs: { getJobRecords: async () => [record] },
        taskLogs: {
          jobLogs: async () => [
            {
              role: 'host',
              partyId: 10000,
              component: 'hetero_lr_0',
              lines: ['[INFO] [t] [j] [hetero_lr_0 v0] - trained 20 features'],
            },
          ],
        },
      } as unknown as Parameters<typeof jobLogArchive>[0],
      'j',
    );
    const files = readTar(new Uint8Array(await promisify(gunzip)(archive)));
    expect(files.map((file) => file.name)).toEqual([
      'host/10000/DEBUG.log',
      'host/10000/INFO.log',
      'host/10000/WARNING.log',
      'host/10000/ERROR.log',
      'host/10000/hetero_lr_0/DEBUG.log',
      'host/10000/hetero_lr_0/INFO.log',
      'host/10000/hetero_lr_0/WARNING.log',
      'host/10000/hetero_lr_0/ERROR.log',
    ]);
    expect(componentLog(files, 'host', '10000', 'hetero_lr_0')).toEqual([
      '[INFO] [t] [j] [hetero_lr_0 v0] - trained 20 features',
    ]);
    expect(componentLog(files, 'guest', '9999', 'hetero_lr_0')).toEqual([]);
  });

  it('refuses an archive cut short', () => {
    const header = new Uint8Array(512);
    header.set(new TextEncoder().encode('a.log'), 0);
    header.set(new TextEncoder().encode('00000001000\0'), 124);
    header.set(new TextEncoder().encode('0'), 156);
    expect(() => readTar(header)).toThrow('tar: a.log is cut short');
  });
});
