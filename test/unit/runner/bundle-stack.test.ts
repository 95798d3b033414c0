import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sourceMappedFrame } from '../../../runner/bundle-stack.js';
import { errorHeadline, errorReportOf } from '../../../runner/error-report.js';

describe("a bundle's stack frames in error reports", () => {
  let dir: string;
  let bundleUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bundle-stack-'));
    await writeFile(join(dir, 'runner.mjs'), 'export const x = 1;\n');
    // Line 1, column 1 → a.ts 1:1; line 1, column 6 → a.ts 3:5; line 2, column 1 → b.ts 10:1.
    await writeFile(
      join(dir, 'runner.mjs.map'),
      JSON.stringify({ version: 3, sources: ['src/a.ts', 'src/b.ts'], names: [], mappings: 'AAAA,KAEI;ACOJ' }),
    );
    bundleUrl = pathToFileURL(join(dir, 'runner.mjs')).href;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the TypeScript source, line and column of a frame in the bundle', () => {
    expect(sourceMappedFrame(`at runTask (${bundleUrl}:1:6)`)).toBe(`at runTask (${join(dir, 'src', 'a.ts')}:3:5)`);
    expect(sourceMappedFrame(`at ${bundleUrl}:2:1`)).toBe(`at ${join(dir, 'src', 'b.ts')}:10:1`);
  });

  it('leaves a frame as it is outside the bundle, or in a bundle without a map', () => {
    expect(sourceMappedFrame('at readFile (node:fs:432:10)')).toBe('at readFile (node:fs:432:10)');
    const unmapped = `at f (${pathToFileURL(join(dir, 'other.mjs')).href}:1:1)`;
    expect(sourceMappedFrame(unmapped)).toBe(unmapped);
  });

  it("gives a report's first line alone, for a runner that cannot start", () => {
    const error = Object.assign(new Error('FATE_FLOW_ROLE is not set\nsecond line'), { name: 'RunnerEnvError' });

    expect(errorHeadline(error)).toBe('RunnerEnvError: FATE_FLOW_ROLE is not set');
    expect(errorHeadline('plain\ntext')).toBe('plain');
  });

  it("maps the frames of a task's error report", () => {
    const error = new Error('boom');
    error.stack = `Error: boom\n    at runTask (${bundleUrl}:1:6)\n    at node:internal/x:1:1`;

    expect(errorReportOf(error)).toBe(
      `Error: boom\n    at runTask (${join(dir, 'src', 'a.ts')}:3:5)\n    at node:internal/x:1:1`,
    );
  });
});
