import { describe, expect, it } from '@jest/globals';
import { digest, hashId } from '../../../../runner/components/intersection/hashing.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('the Intersection hash methods', () => {
  // FIPS 180 / RFC 1321 answers for "abc".
  it.each([
    ['md5', '900150983cd24fb0d6963f7d28e17f72'],
    ['sha1', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha224', '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7'],
    ['sha256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha384', 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
    [
      'sha512',
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
  ] as const)('%s is the standard digest', (method, answer) => {
    expect(hex(digest(method, new TextEncoder().encode('abc')))).toBe(answer);
    expect(hex(hashId(method, 'ab', 'c'))).toBe(answer);
  });

  it('hashes an id with its salt appended, as UTF-8 (c3 a9 c3 9f)', () => {
    expect(hex(hashId('sha256', 'é', 'ß'))).toBe('7a7e9b74b61dacaa9a9cb332e17fd6eee0b5a1b2da4c6ff3467ef7df5457d41e');
  });
});
