import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Figure } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));

/** What bench/upload-memory.ts prints. */
export interface UploadPass {
  readonly bytes: number;
  readonly rows: number;
  readonly seconds: number;
  readonly peakGrowth: number;
  readonly liveGrowth: number;
}

/**
 * One staged upload's table pass over a generated CSV of `megabytes`, in a fresh Node whose V8 heap
 * is capped at `heapMegabytes` (a whole-file buffer could not fit), with its peak memory growth.
 */
export async function uploadPass(megabytes: number, heapMegabytes: number): Promise<UploadPass> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      `--max-old-space-size=${heapMegabytes}`,
      '--max-semi-space-size=1',
      '--expose-gc',
      join(here, 'upload-memory.ts'),
      String(megabytes),
    ],
    { cwd: join(here, '..'), encoding: 'utf8' },
  );
  return JSON.parse(stdout) as UploadPass;
}

/** `npm run bench -- upload`: a 200 MB CSV through the streamed upload, in a 32 MB heap. */
export async function benchUpload(): Promise<Figure[]> {
  const pass = await uploadPass(200, 32);
  return [
    { metric: 'upload file size', value: pass.bytes / 1e6, unit: 'MB', runs: 1 },
    { metric: 'upload rows', value: pass.rows, unit: 'rows', runs: 1 },
    { metric: 'upload read, check and write', value: pass.seconds, unit: 's', runs: 1 },
    { metric: 'upload peak resident memory growth', value: pass.peakGrowth / 1e6, unit: 'MB', runs: 1 },
    { metric: 'upload peak heap and buffers growth', value: pass.liveGrowth / 1e6, unit: 'MB', runs: 1 },
  ];
}
