import { describe, expect, it } from '@jest/globals';
import { ArgumentError, RetCode } from '../../../../functions/domain/errors.js';
import { parseUploadConf } from '../../../../functions/services/data/upload-conf.js';

/** What `flow data upload -c upload_conf.json --drop` puts into the query string (fate_client 1.11.4). */
const fromFateClient = {
  file: 'examples/data/breast_hetero_guest.csv',
  id_delimiter: ',',
  head: 1,
  partition: 4,
  namespace: 'experiment',
  table_name: 'breast_hetero_guest',
  conf_path: 'upload_conf.json',
  verbose: 0,
  drop: 1,
};

function messageOf(conf: unknown): string {
  try {
    parseUploadConf(conf);
  } catch (error) {
    if (error instanceof ArgumentError) return error.message;
    throw error;
  }
  throw new Error('expected the conf to be refused');
}

describe('parseUploadConf', () => {
  it('reads the conf exactly as FATE client sends it and fills in the defaults', () => {
    expect(parseUploadConf(fromFateClient)).toEqual({
      namespace: 'experiment',
      tableName: 'breast_hetero_guest',
      head: true,
      partition: 4,
      file: 'examples/data/breast_hetero_guest.csv',
      idDelimiter: ',',
      drop: true,
      extendSid: false,
      autoIncreasingSid: false,
      withMeta: false,
      useLocalData: true,
      confPath: 'upload_conf.json',
      verbose: false,
      extra: {},
    });
  });

  it('reads every optional field when given', () => {
    expect(
      parseUploadConf({
        namespace: 'exp.v2',
        table_name: 'host-data_1',
        head: false,
        partition: '8',
        id_delimiter: '\t',
        drop: false,
        extend_sid: true,
        auto_increasing_sid: 'true',
        block_size: 10000,
        storage_engine: 'STANDALONE',
        with_meta: 1,
        meta: { label_name: 'y', with_label: true },
        use_local_data: 0,
        verbose: '1',
      }),
    ).toEqual({
      namespace: 'exp.v2',
      tableName: 'host-data_1',
      head: false,
      partition: 8,
      idDelimiter: '\t',
      drop: false,
      extendSid: true,
      autoIncreasingSid: true,
      blockSize: 10000,
      storageEngine: 'STANDALONE',
      withMeta: true,
      meta: { label_name: 'y', with_label: true },
      useLocalData: false,
      verbose: true,
      extra: {},
    });
  });

  it('keeps keys it does not interpret, as sent', () => {
    const conf = parseUploadConf({ ...fromFateClient, party_id: 9999, task_cores: 2, storage_address: { home: '/x' } });
    expect(conf.extra).toEqual({ party_id: 9999, task_cores: 2, storage_address: { home: '/x' } });
  });

  it('takes destroy as drop when drop is not given', () => {
    const { drop: _drop, ...withoutDrop } = fromFateClient;
    expect(parseUploadConf({ ...withoutDrop, destroy: true }).drop).toBe(true);
    expect(parseUploadConf(withoutDrop).drop).toBe(false);
  });

  it.each([['namespace'], ['table_name'], ['head'], ['partition']])(
    'says "%s is required" when it is missing',
    (name) => {
      const conf: Record<string, unknown> = { ...fromFateClient };
      delete conf[name];
      expect(messageOf(conf)).toBe(`upload conf: ${name} is required`);
    },
  );

  it('treats an empty table name as missing', () => {
    expect(messageOf({ ...fromFateClient, table_name: '' })).toBe('upload conf: table_name is required');
  });

  it('names the first missing field and keeps every problem in the details', () => {
    let caught: unknown;
    try {
      parseUploadConf({ file: 'x.csv' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect(caught).toMatchObject({
      retcode: RetCode.ARGUMENT_ERROR,
      message: 'upload conf: namespace is required',
      details: {
        field: 'namespace',
        issues: [
          { field: 'namespace', message: 'namespace is required' },
          { field: 'table_name', message: 'table_name is required' },
          { field: 'head', message: 'head is required' },
          { field: 'partition', message: 'partition is required' },
        ],
      },
    });
  });

  it.each([
    [
      { table_name: 'a/b' },
      'table_name may only use letters, digits, "_", "-" and "." (1 to 100 characters) and may not be "." or "..", got "a/b"',
    ],
    [
      { namespace: 'name space' },
      'namespace may only use letters, digits, "_", "-" and "." (1 to 100 characters) and may not be "." or "..", got "name space"',
    ],
    [
      { namespace: 7 },
      'namespace may only use letters, digits, "_", "-" and "." (1 to 100 characters) and may not be "." or "..", got 7',
    ],
    [
      { table_name: 't'.repeat(101) },
      `table_name may only use letters, digits, "_", "-" and "." (1 to 100 characters) and may not be "." or "..", got "${'t'.repeat(36)}...`,
    ],
    [
      { namespace: '.' },
      'namespace may only use letters, digits, "_", "-" and "." (1 to 100 characters) and may not be "." or "..", got "."',
    ],
    [
      { table_name: '..' },
      'table_name may only use letters, digits, "_", "-" and "." (1 to 100 characters) and may not be "." or "..", got ".."',
    ],
    [{ head: 2 }, 'head must be 0 or 1 (or true/false), got 2'],
    [{ head: 'yes' }, 'head must be 0 or 1 (or true/false), got "yes"'],
    [{ partition: 0 }, 'partition must be a positive integer, got 0'],
    [{ partition: 1.5 }, 'partition must be a positive integer, got 1.5'],
    [{ partition: '-3' }, 'partition must be a positive integer, got "-3"'],
    [{ drop: 'maybe' }, 'drop must be 0 or 1 (or true/false), got "maybe"'],
    [{ block_size: -1 }, 'block_size must be a positive integer, got -1'],
    [{ id_delimiter: '' }, 'id_delimiter must be a non-empty string without line breaks'],
    [{ id_delimiter: '\n' }, 'id_delimiter must be a non-empty string without line breaks'],
    [{ id_delimiter: 44 }, 'id_delimiter must be a string such as ",", got 44'],
    [{ meta: ['y'] }, 'meta must be an object, got ["y"]'],
    [{ file: 3 }, 'file must be a string, got 3'],
  ])('refuses %j with a message naming the field', (override, message) => {
    expect(messageOf({ ...fromFateClient, ...override })).toBe(`upload conf: ${message}`);
  });

  it.each([[null], [[]], ['{"namespace": "x"}']])('refuses %j, which is not an object', (conf) => {
    expect(messageOf(conf)).toMatch(/^upload conf: must be a JSON object, got /);
  });
});
