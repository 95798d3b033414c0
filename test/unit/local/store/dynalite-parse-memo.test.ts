import { createRequire } from 'node:module';
import { describe, expect, it, jest } from '@jest/globals';
import { memoizedParse } from '../../../../local/store/dynalite-parse-memo.js';

interface Parser {
  parse(text: string, options: { context: Record<string, unknown> }): unknown;
}
const require = createRequire(import.meta.url);
// Required before any store starts (which would put the memo in front of `parse`): the originals.
const condition = require('dynalite/db/conditionParser') as Parser;
const update = require('dynalite/db/updateParser') as Parser;
const plainCondition = condition.parse.bind(condition);
const plainUpdate = update.parse.bind(update);
const { isReserved, compare } = { isReserved: (name: string) => name.toUpperCase() === 'STATUS', compare: () => false };

type Values = Record<string, Record<string, unknown>>;

/** A request's context as dynalite's validations build it. */
function contextOf(names: Record<string, string>, values: Values) {
  return {
    attrNames: names,
    attrVals: values,
    unusedAttrNames: Object.fromEntries(Object.keys(names).map((name) => [name, true])),
    unusedAttrVals: Object.fromEntries(Object.keys(values).map((name) => [name, true])),
    isReserved,
    compare,
  };
}

/** What a parse answers (its tree, or its error's message) and what it leaves unused. */
function outcome(parse: Parser['parse'], text: string, names: Record<string, string>, values: Values) {
  const context = contextOf(names, values);
  try {
    const tree = parse(text, { context });
    // The parser answers a refusal with its message.
    if (typeof tree === 'string') return { error: tree };
    return { tree, unusedNames: context.unusedAttrNames, unusedValues: context.unusedAttrVals };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const STATUS_WRITE =
  'SET #partyStatus = :partyStatus, #updateTime = :updateTime, #history = list_append(if_not_exists(#history, :noHistory), :change)';
const NAMES = { '#partyStatus': 'partyStatus', '#updateTime': 'updateTime', '#history': 'statusHistory' };
const write = (status: string, at: number): Values => ({
  ':partyStatus': { S: status },
  ':updateTime': { N: String(at) },
  ':noHistory': { L: [] },
  ':change': { L: [{ M: { to: { S: status } } }] },
});

describe("dynalite's expression parses, remembered", () => {
  it('answers each later request as the parser does, with that request’s own value objects', () => {
    const parsed = jest.fn(plainUpdate);
    const parse = memoizedParse(parsed);
    for (const [status, at] of [
      ['running', 1],
      ['success', 2],
      ['failed', 3],
    ] as const) {
      const values = write(status, at);
      const remembered = outcome(parse, STATUS_WRITE, NAMES, values);
      expect(remembered).toEqual(outcome(plainUpdate, STATUS_WRITE, NAMES, write(status, at)));
      expect(JSON.stringify(remembered)).toContain(`"${status}"`);
    }
    const values = write('success', 9);
    const tree = JSON.stringify(outcome(parse, STATUS_WRITE, NAMES, values).tree);
    expect([tree.includes('"running"'), tree.includes('"9"')]).toEqual([false, true]);
    // Parsed at its first sight only: as dynalite does, then with stand-ins to remember.
    expect(parsed).toHaveBeenCalledTimes(2);
  });

  it('leaves unused the names and values a request gave but its expression does not use, and refuses an undefined one', () => {
    const parse = memoizedParse(plainCondition);
    const text = 'PK = :pk AND begins_with(SK, :prefix)';
    const extra = { ':pk': { S: 'JOB#1' }, ':prefix': { S: 'TASK#' }, ':spare': { S: 'x' } };
    for (let sight = 0; sight < 2; sight += 1) {
      const remembered = outcome(parse, text, { '#spare': 'spare' }, extra);
      expect(remembered).toEqual(outcome(plainCondition, text, { '#spare': 'spare' }, extra));
      expect([remembered.unusedNames, remembered.unusedValues]).toEqual([{ '#spare': true }, { ':spare': true }]);
    }
    const missing = { ':pk': { S: 'JOB#1' } };
    expect(outcome(parse, text, {}, missing)).toEqual({
      error: 'An expression attribute value used in expression is not defined; attribute value: :prefix',
    });
    expect(outcome(parse, text, {}, missing)).toEqual(outcome(plainCondition, text, {}, missing));
  });

  it("keeps the parser's prototype-less maps without a prototype (an attribute may be called constructor)", () => {
    const parse = memoizedParse(plainCondition);
    const text = 'attribute_exists(#c) AND #c = :v';
    const names = { '#c': 'constructor' };
    for (const value of ['a', 'b']) {
      const tree = outcome(parse, text, names, { ':v': { S: value } }).tree as Record<string, object>;
      const plain = outcome(plainCondition, text, names, { ':v': { S: value } }).tree as Record<string, object>;
      expect(tree).toEqual(plain);
      for (const key of Object.keys(plain)) {
        if (typeof plain[key] === 'object')
          expect(Object.getPrototypeOf(tree[key])).toBe(Object.getPrototypeOf(plain[key]));
      }
    }
  });

  it("checks each request's value types: a number where a string was seen before is refused", () => {
    const parse = memoizedParse(plainCondition);
    const text = 'begins_with(SK, :prefix)';
    expect(outcome(parse, text, {}, { ':prefix': { S: 'TASK#' } })).toHaveProperty('tree');
    expect(outcome(parse, text, {}, { ':prefix': { S: 'JOB#' } })).toHaveProperty('tree');
    const refused = outcome(parse, text, {}, { ':prefix': { N: '1' } });
    expect(refused).toEqual({
      error: 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    });
    expect(refused).toEqual(outcome(plainCondition, text, {}, { ':prefix': { N: '1' } }));
  });

  it('parses BETWEEN and attribute_type anew every time: their checks read the values, not only their types', () => {
    const parse = memoizedParse(plainCondition);
    const text = 'expiresAt BETWEEN :low AND :high';
    expect(outcome(parse, text, {}, { ':low': { N: '1' }, ':high': { N: '2' } })).toHaveProperty('tree');
    const reversed = { ':low': { N: '3' }, ':high': { N: '2' } };
    const plainCompare = {
      isReserved,
      compare: (op: string, x: { N: string }, y: { N: string }) => op === 'GT' && Number(x.N) > Number(y.N),
    };
    const withCompare = (p: Parser['parse']) => {
      const context = { ...contextOf({}, reversed), ...plainCompare };
      try {
        return p(text, { context });
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(withCompare(parse)).toEqual(withCompare(plainCondition));
    expect(withCompare(parse)).toMatch(/upper bound to be greater than or equal to lower bound/);
  });
});
