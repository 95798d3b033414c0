import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DataError } from '../../../functions/domain/errors.js';
import type { TransferValue } from '../../../runner/components/component.js';
import { decodeTransferValue, encodeTransferValue } from '../../../runner/context/transfer-codec.js';
import { fuzzRuns } from '../../support/fuzz-runs.js';

/** Any value a component may send: JSON values (-0 aside, which JSON turns into 0), bigints and byte arrays, nested. */
const { value: transferValue } = fc.letrec<{ value: TransferValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.bigInt({ min: -(2n ** 2100n), max: 2n ** 2100n }),
    fc.uint8Array({ maxLength: 40 }).map((bytes) => new Uint8Array(bytes)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
}));

/**
 * The decoder's contract on hostile bytes: a value its own encoder takes and reads back as itself
 * (the JSON may have been spelt differently: spaces, escapes), or a DataError naming where the
 * bytes are corrupt. Nothing else (no RangeError, no TypeError, no value the encoder refuses).
 */
function decodeOrRefuse(bytes: Uint8Array): 'accepted' | 'rejected' {
  let value: TransferValue;
  try {
    value = decodeTransferValue(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/^received federation value is corrupt at value/);
    return 'rejected';
  }
  const again = encodeTransferValue(value);
  expect(Buffer.from(encodeTransferValue(decodeTransferValue(again)))).toEqual(Buffer.from(again));
  return 'accepted';
}

describe('the federation value codec, on generated values and bytes', () => {
  it('gives back every value it encodes', () => {
    fc.assert(
      fc.property(transferValue, (value) => {
        expect(decodeTransferValue(encodeTransferValue(value))).toEqual(value);
      }),
      { numRuns: fuzzRuns(300, 3000) },
    );
  });

  it('takes a changed byte, a cut or an insertion anywhere (header, JSON or binary section) only as a value it can send again, or refuses it as corrupt', () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('set', 'cut', 'insert'),
      byte: fc.integer({ min: 0, max: 255 }),
    });
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(transferValue, mutation, (value, { at, kind, byte }) => {
        const bytes = [...encodeTransferValue(value)];
        const where = at % bytes.length;
        if (kind === 'set') bytes[where] = byte;
        if (kind === 'cut') bytes.length = where;
        if (kind === 'insert') bytes.splice(where, 0, byte);
        outcomes.add(decodeOrRefuse(new Uint8Array(bytes)));
      }),
      { numRuns: fuzzRuns(500, 5000) },
    );
    expect(outcomes.has('rejected')).toBe(true);
  });

  it('refuses random bytes as corrupt, or reads only a value it can send again', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        decodeOrRefuse(bytes);
      }),
      { numRuns: fuzzRuns(300, 3000) },
    );
  });
});
