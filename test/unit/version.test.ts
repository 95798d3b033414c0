import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { SERVERLESS_VERSION } from '../../functions/version.js';

describe('build version', () => {
  it('equals the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SERVERLESS_VERSION).toBe(pkg.version);
  });
});
