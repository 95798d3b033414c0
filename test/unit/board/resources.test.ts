import { describe, expect, it } from '@jest/globals';
import { resourceLines } from '../../../board/lib/resources.js';

describe("the site page's resources", () => {
  it('shows cores total, in use and free, and memory only when the pool counts it', () => {
    const pool = { f_engine_name: 'default', f_cores: 20, f_remaining_cores: 14, f_memory: 0, f_remaining_memory: 0 };
    expect(resourceLines({ computing_engine_resource: pool, use_resource_job: [] })).toEqual([
      { what: 'cores', total: 20, inUse: 6, free: 14 },
    ]);
    expect(
      resourceLines({ computing_engine_resource: { ...pool, f_memory: 4096, f_remaining_memory: 1024 } }).at(1),
    ).toEqual({ what: 'memory (MB)', total: 4096, inUse: 3072, free: 1024 });
  });
});
