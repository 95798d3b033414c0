#!/usr/bin/env node
// Builds examples/data/breast_hetero_{guest,host}.csv, the vertically split breast-cancer tables
// of FATE's hetero examples, and examples/data/breast_homo_{guest,host}.csv, the same rows split
// horizontally for the homo examples, from the UCI Breast Cancer Wisconsin (Diagnostic) data (CC BY 4.0).
//
//   node scripts/make-breast-data.mjs [path/to/breast_cancer.csv]
//
// The source is the copy in Debian's python3-sklearn package (the default path below): a first
// line `569,30,malignant,benign`, then 569 rows of 30 features and the class (0 malignant, 1 benign).
// FATE's split, which we reproduce: every feature z-scored (population standard deviation), six
// decimals; the guest holds y (1 benign, 0 malignant) and the ten "worst" features (source columns
// 20-29) as x0..x9, the host the 20 "mean" and "standard error" features (columns 0-19) as x0..x19.
// Ids are the source row numbers 0..568, rows in id order.
// Homo split: both parties hold y and all 30 z-scored features as x0..x29 (source column order);
// the guest the rows with even ids (285), the host those with odd ids (284).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_SOURCE = '/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? DEFAULT_SOURCE;

const lines = readFileSync(source, 'utf8').trim().split(/\r?\n/);
const [rowCount, featureCount] = (lines.shift() ?? '').split(',').map(Number);
const rows = lines.map((line, index) => {
  const cells = line.split(',').map(Number);
  if (cells.length !== featureCount + 1 || cells.some((value) => !Number.isFinite(value))) {
    throw new Error(`${source} line ${index + 2}: expected ${featureCount + 1} numbers`);
  }
  return cells;
});
if (rows.length !== rowCount || featureCount !== 30) {
  throw new Error(`${source}: expected 569 rows of 30 features, the header says ${rowCount} × ${featureCount}`);
}

// z-scores with the population standard deviation, as FATE's published tables were made.
const columns = Array.from({ length: featureCount }, (_, column) => rows.map((row) => row[column]));
const scaled = columns.map((values) => {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
  return values.map((value) => (value - mean) / sd);
});
const cell = (value) => {
  const text = value.toFixed(6);
  return text === '-0.000000' ? '0.000000' : text;
};

function write(name, header, rowOf, keep = () => true) {
  const body = rows.flatMap((_, id) => (keep(id) ? [[id, ...rowOf(id)].join(',')] : []));
  const path = join(root, 'examples', 'data', name);
  writeFileSync(path, `${[header.join(','), ...body].join('\n')}\n`);
  console.log(`wrote ${path}: ${body.length} rows`);
}

const names = (count) => Array.from({ length: count }, (_, index) => `x${index}`);
const label = (id) => String(rows[id][featureCount]);
const features = (from, to) => (id) => scaled.slice(from, to).map((column) => cell(column[id]));

write('breast_hetero_guest.csv', ['id', 'y', ...names(10)], (id) => [label(id), ...features(20, 30)(id)]);
write('breast_hetero_host.csv', ['id', ...names(20)], features(0, 20));

const homo = (id) => [label(id), ...features(0, 30)(id)];
write('breast_homo_guest.csv', ['id', 'y', ...names(30)], homo, (id) => id % 2 === 0);
write('breast_homo_host.csv', ['id', 'y', ...names(30)], homo, (id) => id % 2 === 1);
