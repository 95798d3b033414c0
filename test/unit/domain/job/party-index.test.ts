import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import {
  keyMatches,
  keySpecificity,
  type PartyIndexKey,
  parsePartyIndexKey,
} from '../../../../functions/domain/job/party-index.js';

const PATH = 'runtime_conf.component_parameters.role.host';

describe('parsePartyIndexKey', () => {
  it('reads "all" as every party of the role', () => {
    expect(parsePartyIndexKey('all', 3, `${PATH}.all`)).toEqual({ kind: 'all' });
  });

  it('reads a single index', () => {
    expect(parsePartyIndexKey('0', 1, `${PATH}.0`)).toEqual({ kind: 'indexes', indexes: [0] });
  });

  it('reads indexes joined by "|" in the order given', () => {
    expect(parsePartyIndexKey('2|0', 3, `${PATH}.2|0`)).toEqual({ kind: 'indexes', indexes: [2, 0] });
  });

  it('accepts the last index of the role', () => {
    expect(parsePartyIndexKey('9', 10, `${PATH}.9`)).toEqual({ kind: 'indexes', indexes: [9] });
  });

  it.each(['', 'ALL', '-1', '01', '1.0', '0|', '|0', '0||1', '0,1', ' 0', 'a', '0|all'])(
    'refuses the key %j with a message naming the field',
    (key) => {
      const call = () => parsePartyIndexKey(key, 3, `${PATH}.${key}`);
      expect(call).toThrow(ArgumentError);
      expect(call).toThrow(
        `${PATH}.${key}: party index key "${key}" is not valid; use "all", an index such as "0", or indexes joined by "|" such as "0|2"`,
      );
    },
  );

  it('refuses an index past the end of a one-party role', () => {
    expect(() => parsePartyIndexKey('1', 1, `${PATH}.1`)).toThrow(
      `${PATH}.1: party index 1 is out of range; the role lists 1 party (indexes 0..0)`,
    );
  });

  it('refuses an index past the end of a role with several parties, even inside a "|" key', () => {
    expect(() => parsePartyIndexKey('0|3', 3, `${PATH}.0|3`)).toThrow(
      `${PATH}.0|3: party index 3 is out of range; the role lists 3 parties (indexes 0..2)`,
    );
  });

  it('gives retcode 101 and the field in the details', () => {
    let caught: unknown;
    try {
      parsePartyIndexKey('x', 2, `${PATH}.x`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect(caught).toMatchObject({ retcode: 101, details: { field: `${PATH}.x` } });
  });
});

describe('keyMatches', () => {
  const all: PartyIndexKey = { kind: 'all' };
  const some: PartyIndexKey = { kind: 'indexes', indexes: [0, 2] };

  it('matches every index for "all"', () => {
    expect([0, 1, 5].map((index) => keyMatches(all, index))).toEqual([true, true, true]);
  });

  it('matches only the listed indexes otherwise', () => {
    expect([0, 1, 2, 3].map((index) => keyMatches(some, index))).toEqual([true, false, true, false]);
  });
});

describe('keySpecificity', () => {
  it('orders "all" before multi-index keys before single indexes', () => {
    const all = keySpecificity({ kind: 'all' });
    const several = keySpecificity({ kind: 'indexes', indexes: [0, 1] });
    const one = keySpecificity({ kind: 'indexes', indexes: [1] });
    expect(all).toBeLessThan(several);
    expect(several).toBeLessThan(one);
  });
});
