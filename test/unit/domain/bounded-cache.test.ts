import { describe, expect, it } from '@jest/globals';
import { BoundedCache } from '../../../functions/domain/bounded-cache.js';

describe('BoundedCache', () => {
  it('forgets the entry set longest ago once it holds more than its capacity', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([undefined, 2, 3, 2]);
  });

  it('counts setting a key again as its newest entry, with the new value', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([10, undefined, 3, 2]);
  });
});
