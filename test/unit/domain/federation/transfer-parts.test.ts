import { describe, expect, it } from '@jest/globals';
import {
  joinParts,
  MAX_TRANSFER_BYTES,
  parseTransferTag,
  partTag,
  scopeTransferTag,
  splitIntoParts,
  TRANSFER_PART_BYTES,
} from '../../../../functions/domain/federation/transfer-parts.js';

const task = { component: 'intersection_0', taskVersion: 2 };
const bytesOf = (length: number) => Uint8Array.from({ length }, (_, i) => i % 251);

describe('transfer tags', () => {
  it("scope a component's tag to its component and task version", () => {
    expect(scopeTransferTag(task, 'forward.iter_1/batch 0')).toBe('intersection_0/2/forward.iter_1/batch 0');
  });

  it('refuse an empty tag, a tag with "#" and a tag too long for a key', () => {
    expect(() => scopeTransferTag(task, '')).toThrow('a federation tag must be a non-empty string');
    expect(() => scopeTransferTag(task, 'a#1/2')).toThrow(
      'federation tag "a#1/2" holds "#", which separates a value\'s parts',
    );
    expect(() => scopeTransferTag(task, 'x'.repeat(600))).toThrow('is too long (600 characters)');
  });

  it('name a whole value by its scoped tag and a part by "#<i>/<n>", and read both back', () => {
    expect([partTag('c/0/t', 1, 1), partTag('c/0/t', 2, 3)]).toEqual(['c/0/t', 'c/0/t#2/3']);
    expect(parseTransferTag('c/0/t')).toEqual({ tag: 'c/0/t', index: 1, count: 1 });
    expect(parseTransferTag('c/0/a/b#3/3')).toEqual({ tag: 'c/0/a/b', index: 3, count: 3 });
  });

  it.each([
    ['an unscoped tag', 'guest_pubkey'],
    ['a component name with a dot', 'a.b/0/t'],
    ['a part 0', 'c/0/t#0/2'],
    ['a part past the count', 'c/0/t#3/2'],
    ['a part of one (a whole value has no suffix)', 'c/0/t#1/1'],
    ['a non-canonical number', 'c/0/t#01/2'],
    ['a second "#"', 'c/0/t#1/2#1/2'],
    ['more parts than a value may have', 'c/0/t#1/257'],
  ])('refuse %s on the wire', (_, wire) => {
    expect(() => parseTransferTag(wire)).toThrow(`transfer tag ${JSON.stringify(wire)}`);
  });

  it('name a long tag by its first characters only, so the refusal stays small', () => {
    expect(() => parseTransferTag('x'.repeat(420_000))).toThrow(
      new Error(`transfer tag "${'x'.repeat(36)}... is not "<component>/<task version>/<tag>"`),
    );
  });
});

describe('transfer parts', () => {
  it('keep a value that fits in one part whole, and cut a larger one into full parts and a rest', () => {
    expect(splitIntoParts(bytesOf(TRANSFER_PART_BYTES)).map((part) => part.byteLength)).toEqual([TRANSFER_PART_BYTES]);
    expect(splitIntoParts(bytesOf(10), 4).map((part) => [...part])).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(splitIntoParts(new Uint8Array()).map((part) => part.byteLength)).toEqual([0]);
  });

  it('refuse a value over the limit', () => {
    expect(() => splitIntoParts(new Uint8Array(MAX_TRANSFER_BYTES + 1))).toThrow(
      `a federation value of ${MAX_TRANSFER_BYTES + 1} encoded bytes is over the ${MAX_TRANSFER_BYTES}-byte limit`,
    );
  });

  it('join parts in any order back into the value, and wait while one is missing', () => {
    const value = bytesOf(10);
    const parts = splitIntoParts(value, 4).map((bytes, i) => ({ index: i + 1, count: 3, bytes }));
    const [first, second, third] = parts;

    expect(
      joinParts(
        [third, first, second].filter((p) => p !== undefined),
        'v',
      ),
    ).toEqual(value);
    expect(
      joinParts(
        [first, third].filter((p) => p !== undefined),
        'v',
      ),
    ).toBeUndefined();
    expect(joinParts([], 'v')).toBeUndefined();
  });

  it('refuse parts that disagree on their count or repeat an index', () => {
    const bytes = new Uint8Array([1]);

    expect(() =>
      joinParts(
        [
          { index: 1, count: 2, bytes },
          { index: 2, count: 3, bytes },
        ],
        '"t" from host 10000',
      ),
    ).toThrow('"t" from host 10000: parts disagree on how many there are (2, 3)');
    expect(() =>
      joinParts(
        [
          { index: 1, count: 2, bytes },
          { index: 1, count: 2, bytes },
        ],
        'v',
      ),
    ).toThrow('v: part 1 of 2 is out of place');
  });
});
