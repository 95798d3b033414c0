import { describe, expect, it } from '@jest/globals';
import { LAMBDA_ENTRIES } from '../../../functions/lambda/site-env.js';

describe('the Lambda entry points the site stack deploys', () => {
  it.each(Object.entries(LAMBDA_ENTRIES))(
    '%s exists and exports its handler as a function, building nothing on import',
    async (_name, entry) => {
      const module: Record<string, unknown> = await import(`../../../${entry.file.replace(/\.ts$/, '.js')}`);
      expect(typeof module[entry.handler]).toBe('function');
    },
  );
});
