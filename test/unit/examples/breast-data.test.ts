import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parseUploadConf } from '../../../functions/services/data/upload-conf.js';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const read = (path: string) => readFileSync(resolve(examples, path), 'utf8');
const SIX_DECIMALS = /^-?\d+\.\d{6}$/;

function table(name: string): { header: string[]; rows: string[][] } {
  const [header = '', ...lines] = read(`data/${name}`).split('\n');
  expect(lines.pop()).toBe('');
  return { header: header.split(','), rows: lines.map((line) => line.split(',')) };
}

const names = (count: number) => Array.from({ length: count }, (_, index) => `x${index}`);
const ids = Array.from({ length: 569 }, (_, index) => String(index));

/** Each feature column's mean and population standard deviation: z-scored columns give 0 and 1. */
function moments(rows: readonly string[][], column: number): [number, number] {
  const values = rows.map((row) => Number(row[column]));
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return [mean, Math.sqrt(variance)];
}

describe('the shipped breast-cancer tables', () => {
  it('give the guest 569 rows of id, y and ten features, 357 labelled 1 and 212 labelled 0', () => {
    const { header, rows } = table('breast_hetero_guest.csv');

    expect(header).toEqual(['id', 'y', ...names(10)]);
    expect(rows.map((row) => row[0])).toEqual(ids);
    expect(rows.filter((row) => row[1] === '1').length).toBe(357);
    expect(rows.filter((row) => row[1] === '0').length).toBe(212);
    expect(rows.every((row) => row.length === 12 && row.slice(2).every((cell) => SIX_DECIMALS.test(cell)))).toBe(true);
  });

  it('give the host 569 rows of id and twenty features, with no label', () => {
    const { header, rows } = table('breast_hetero_host.csv');

    expect(header).toEqual(['id', ...names(20)]);
    expect(rows.map((row) => row[0])).toEqual(ids);
    expect(rows.every((row) => row.length === 21 && row.slice(1).every((cell) => SIX_DECIMALS.test(cell)))).toBe(true);
  });

  it('hold z-scored features: every column has mean 0 and standard deviation 1 to rounding', () => {
    for (const [name, first, last] of [
      ['breast_hetero_guest.csv', 2, 11],
      ['breast_hetero_host.csv', 1, 20],
    ] as const) {
      const { rows } = table(name);
      for (let column = first; column <= last; column += 1) {
        const [mean, sd] = moments(rows, column);
        expect(Math.abs(mean)).toBeLessThan(1e-6);
        expect(Math.abs(sd - 1)).toBeLessThan(1e-6);
      }
    }
  });

  it('start with the first source row: worst radius 25.38 at the guest, mean radius 17.99 at the host', () => {
    expect(table('breast_hetero_guest.csv').rows[0]?.slice(0, 3)).toEqual(['0', '0', '1.886690']);
    expect(table('breast_hetero_host.csv').rows[0]?.slice(0, 2)).toEqual(['0', '1.097064']);
  });

  it("are named by upload confs in FATE's shape whose file is found from the conf's folder", () => {
    for (const [conf, file, tableName] of [
      ['hetero-lr/upload-guest.json', 'breast_hetero_guest.csv', 'breast_hetero_guest'],
      ['hetero-lr/upload-host.json', 'breast_hetero_host.csv', 'breast_hetero_host'],
    ] as const) {
      const parsed = parseUploadConf(JSON.parse(read(conf)));
      expect([parsed.namespace, parsed.tableName, parsed.head]).toEqual(['experiment', tableName, true]);
      expect(resolve(examples, 'hetero-lr', parsed.file ?? '')).toBe(resolve(examples, 'data', file));
    }
  });
});
