import { describe, expect, it } from '@jest/globals';
import { resourceLines } from '../../../board/lib/resources.js';

describe("the site page's resources", () => {
  const pool = { engine_name: 'default', cores: 20, remaining_cores: 14, memory: 0, remaining_memory: 0, jobs: [] };

  it('shows cores total, in use and free, and memory only when the pool counts it', () => {
    expect(resourceLines(pool)).toEqual([{ what: 'cores', total: 20, inUse: 6, free: 14 }]);
    expect(resourceLines({ ...pool, memory: 4096, remaining_memory: 1024 }).at(1)).toEqual({
      what: 'memory (MB)',
      total: 4096,
      inUse: 3072,
      free: 1024,
    });
  });

  it('shows no line for a site without a pool yet', () => {
    expect(resourceLines(null)).toEqual([]);
  });
});
