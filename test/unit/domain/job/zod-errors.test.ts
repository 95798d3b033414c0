import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { formatPath, parseOrThrow, typeError } from '../../../../functions/domain/job/zod-errors.js';

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('formatPath', () => {
  it('writes object keys with dots and array positions in brackets', () => {
    expect(formatPath('runtime_conf', ['role', 'host', 0])).toBe('runtime_conf.role.host[0]');
  });

  it('keeps party index keys, which are strings, as dotted keys', () => {
    expect(formatPath('runtime_conf', ['component_parameters', 'role', 'guest', '0', 'reader_0'])).toBe(
      'runtime_conf.component_parameters.role.guest.0.reader_0',
    );
  });

  it('shortens a key over 40 characters, so a message never repeats kilobytes of it', () => {
    expect(formatPath('dsl', ['components', 'c'.repeat(5000), 'module'])).toBe(
      `dsl.components.${'c'.repeat(37)}....module`,
    );
  });

  it('returns the root alone for an empty path', () => {
    expect(formatPath('dsl', [])).toBe('dsl');
  });

  it('writes nested array positions one after the other', () => {
    expect(formatPath('x', ['a', 1, 2, 'b'])).toBe('x.a[1][2].b');
  });
});

describe('parseOrThrow', () => {
  const schema = z.object({
    role: z.object({ host: z.array(z.number({ error: 'must be a number' })) }),
    name: z.string({ error: 'name must be a string' }),
  });

  it('returns the parsed value when it is valid', () => {
    expect(parseOrThrow(schema, { role: { host: [1, 2] }, name: 'x' }, 'runtime_conf')).toEqual({
      role: { host: [1, 2] },
      name: 'x',
    });
  });

  it('throws an ArgumentError naming the first offending field', () => {
    const error = thrownBy(() => parseOrThrow(schema, { role: { host: [1, 'two'] }, name: 'x' }, 'runtime_conf'));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({
      retcode: 101,
      message: 'runtime_conf.role.host[1]: must be a number',
      details: { field: 'runtime_conf.role.host[1]' },
    });
  });

  it('keeps every issue in the details', () => {
    const error = thrownBy(() => parseOrThrow(schema, { role: { host: ['a'] } }, 'runtime_conf'));
    expect(error).toMatchObject({
      details: {
        issues: [
          { field: 'runtime_conf.role.host[0]', message: 'must be a number' },
          { field: 'runtime_conf.name', message: 'name must be a string' },
        ],
      },
    });
  });

  it('names the root itself when the whole value has the wrong type', () => {
    const error = thrownBy(() => parseOrThrow(z.object({}, { error: 'must be an object' }), 7, 'dsl'));
    expect(error).toMatchObject({ message: 'dsl: must be an object', details: { field: 'dsl' } });
  });
});

describe('typeError', () => {
  const roles = z.partialRecord(z.enum(['guest', 'host']), z.number(), {
    error: typeError('must be an object of roles', (key) => `"${key}" is not a role`),
  });
  const names = z.record(z.string().regex(/^[a-z]+$/, { error: 'names use a-z only' }), z.number(), {
    error: typeError('must be an object of names'),
  });

  it('words the wrong-type issue', () => {
    expect(() => parseOrThrow(roles, [], 'role')).toThrow('role: must be an object of roles');
    expect(() => parseOrThrow(names, 'x', 'names')).toThrow('names: must be an object of names');
  });

  it('names an unknown enum key instead of repeating the type message', () => {
    expect(() => parseOrThrow(roles, { guest: 1, bogus: 2 }, 'role')).toThrow('role: "bogus" is not a role');
  });

  it("keeps the key schema's message for a key that fails it, at the key's path", () => {
    expect(() => parseOrThrow(names, { ok: 1, 'Not OK': 2 }, 'names')).toThrow('names.Not OK: names use a-z only');
  });
});
