import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runDemo } from '../../../local/demo/run-demo.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * FATE's homo-LR job as `npm start` runs it — the breast rows split between guest 9999 and host
 * 10000, both labelled, Reader → DataTransform → FeatureScale → HomoLR (FedAvg with secure
 * aggregation at the arbiter) → Evaluation, every task a real process, every exchange a signed
 * HTTPS transfer — with 5 iterations instead of the example's 30, so that it takes seconds.
 */
describe('the homo-LR example job on a two-site federation', () => {
  let jobDir: string;
  let succeeded: boolean;
  const lines: string[] = [];

  beforeAll(async () => {
    jobDir = await mkdtemp(join(tmpdir(), 'homo-lr-job-'));
    const example = join(root, 'examples', 'homo-lr');
    await cp(join(example, 'dsl.json'), join(jobDir, 'dsl.json'));
    const conf = JSON.parse(await readFile(join(example, 'conf.json'), 'utf8'));
    conf.component_parameters.common.homo_lr_0 = { ...conf.component_parameters.common.homo_lr_0, max_iter: 5 };
    await writeFile(join(jobDir, 'conf.json'), JSON.stringify(conf));
    for (const role of ['guest', 'host']) {
      const upload = JSON.parse(await readFile(join(example, `upload-${role}.json`), 'utf8'));
      const file = join(root, 'examples', 'data', `breast_homo_${role}.csv`);
      await writeFile(join(jobDir, `upload-${role}.json`), JSON.stringify({ ...upload, file }));
    }
    ({ succeeded } = await runDemo(jobDir, (line) => lines.push(line)));
  }, 240_000);
  afterAll(async () => {
    await rm(jobDir, { recursive: true, force: true });
  });

  it('uploads each party its own rows', () => {
    expect(lines.filter((line) => line.startsWith('uploaded '))).toEqual([
      'uploaded experiment.breast_homo_guest at guest 9999',
      'uploaded experiment.breast_homo_host at host 10000',
    ]);
  });

  it('succeeds at every party', () => {
    expect(succeeded).toBe(true);
    const end = lines.find((line) => line.startsWith('job '));
    expect(end).toMatch(/: success at guest 9999 \(progress 100%\), success at arbiter 10000, success at host 10000$/);
  });

  it('learns the same model every run (full batches, zero init), evaluated at the guest', () => {
    expect(lines.filter((line) => line.startsWith('evaluation_0 '))).toEqual([
      'evaluation_0 train/homo_lr_0: auc 0.989071, ks 0.911604, accuracy 0.940351, precision 0.951087, recall 0.956284',
    ]);
  });
});
