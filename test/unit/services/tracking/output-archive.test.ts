import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { ArgumentError, DataError } from '../../../../functions/domain/errors.js';
import { buildOutputArchive, readTarGz } from '../../../../functions/services/tracking/output-archive.js';

const csv = 'id,label,predict_result,predict_score\n133,1,1,0.93\n273,0,0,0.12\n';
const meta = { header: ['id', 'label', 'predict_result', 'predict_score'], total: 2 };

const asText = (files: Map<string, Buffer>) =>
  Object.fromEntries([...files].map(([path, content]) => [path, content.toString('utf8')]));

describe('buildOutputArchive', () => {
  it('produces gzip data', async () => {
    const archive = await buildOutputArchive([{ name: 'data', csv, meta }]);
    expect([archive[0], archive[1]]).toEqual([0x1f, 0x8b]);
  });

  it('holds data.csv and data.meta for a single output, whatever its name', async () => {
    const archive = await buildOutputArchive([{ name: 'train', csv, meta }]);
    expect(asText(await readTarGz(archive))).toEqual({
      'data.csv': csv,
      'data.meta':
        '{\n    "header": [\n        "id",\n        "label",\n        "predict_result",\n        "predict_score"\n    ],\n    "total": 2\n}',
    });
  });

  it('writes the meta as JSON that reads back to the same header and total', async () => {
    const header = ['id', 'y', ...Array.from({ length: 10 }, (_, index) => `x${index}`)];
    const files = await readTarGz(await buildOutputArchive([{ name: 'data', csv, meta: { header, total: 569 } }]));
    expect(JSON.parse(files.get('data.meta')?.toString('utf8') ?? 'null')).toEqual({ header, total: 569 });
  });

  it('puts each of several outputs in a folder of its name', async () => {
    const validateCsv = 'id,label\n9,0\n';
    const archive = await buildOutputArchive([
      { name: 'train', csv, meta },
      { name: 'validate', csv: new TextEncoder().encode(validateCsv), meta: { header: ['id', 'label'], total: 1 } },
    ]);
    const files = await readTarGz(archive);
    expect([...files.keys()]).toEqual(['train/data.csv', 'train/data.meta', 'validate/data.csv', 'validate/data.meta']);
    expect(files.get('validate/data.csv')?.toString('utf8')).toBe(validateCsv);
    expect(JSON.parse(files.get('train/data.meta')?.toString('utf8') ?? 'null')).toEqual(meta);
  });

  it('keeps bytes of the CSV unchanged, including non-ASCII text', async () => {
    const text = 'id,city\n1,Zürich\n2,深圳\n';
    const files = await readTarGz(await buildOutputArchive([{ name: 'data', csv: text, meta: {} }]));
    expect(files.get('data.csv')?.toString('utf8')).toBe(text);
    expect(files.get('data.meta')?.toString('utf8')).toBe('{}');
  });

  it('holds an empty CSV as an empty file', async () => {
    const files = await readTarGz(
      await buildOutputArchive([{ name: 'data', csv: '', meta: { header: [], total: 0 } }]),
    );
    expect(files.get('data.csv')?.length).toBe(0);
  });

  it.each([
    ['no outputs', [], 'no output data to archive'],
    [
      'a name leaving its folder',
      [{ name: '../x', csv, meta }],
      'output name "../x" may only use letters, digits, "_", "-" and "."',
    ],
    ['an empty name', [{ name: '', csv, meta }], 'output name "" may only use letters, digits, "_", "-" and "."'],
    [
      'a name given twice',
      [
        { name: 'data', csv, meta },
        { name: 'data', csv, meta },
      ],
      'output name "data" appears twice',
    ],
  ])('refuses %s', async (_what, outputs, message) => {
    const error = await buildOutputArchive(outputs).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ message });
  });
});

describe('readTarGz', () => {
  it('refuses data that is not gzip', async () => {
    const error = await readTarGz(new TextEncoder().encode('{"retcode": 100}')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message: 'the archive is not gzip data' });
  });

  it('refuses gzip data that is not a tar', async () => {
    const error = await readTarGz(gzipSync(Buffer.from('x'.repeat(1024)))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ message: 'the archive is not a valid tar' });
  });
});
