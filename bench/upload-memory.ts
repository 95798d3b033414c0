/**
 * One staged upload's table pass in a fresh process, for its peak memory: a CSV of the asked size
 * is generated a chunk at a time into a local object store (as a presigned PUT leaves it), then read
 * back, checked and normalised into the table's object exactly as `upload/complete` does
 * (`CsvTableStream` from `getStream` into `putStream`). Prints one JSON line: the file's bytes and
 * rows, the seconds, how far the process's peak resident memory (getrusage maxrss) rose above its
 * level before the pass, and how far its live V8 heap and buffers did (after a full collection,
 * every megabyte read; run with --expose-gc). `node --import tsx bench/upload-memory.ts <megabytes>`
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalObjectStore } from '../functions/adapters/objects/local-object-store.js';
import { CsvTableStream } from '../functions/services/data/csv-table-stream.js';

const FEATURES = 30;

/** Rows of about 280 bytes: an id, a label and 30 features. */
async function* generatedCsv(bytes: number): AsyncGenerator<Buffer> {
  yield Buffer.from(`id,y,${Array.from({ length: FEATURES }, (_, i) => `x${i}`).join(',')}\n`);
  let written = 0;
  for (let index = 0; written < bytes; ) {
    let chunk = '';
    for (const end = index + 2000; index < end; index += 1) {
      const cells = Array.from({ length: FEATURES }, (_, i) => (((index * 31 + i * 17) % 1000) / 997).toFixed(6));
      chunk += `${index},${index % 2},${cells.join(',')}\n`;
    }
    written += chunk.length;
    yield Buffer.from(chunk);
  }
}

const megabytes = Number(process.argv[2] ?? '200');
const folder = await mkdtemp(join(tmpdir(), 'fate-flow-upload-bench-'));
try {
  const store = new LocalObjectStore(folder);
  await store.putStream('uploads/staging/file', generatedCsv(megabytes * 1_000_000));
  const staged = await store.getStream('uploads/staging/file');
  if (staged === undefined) throw new Error('the staged file is missing');
  const before = process.resourceUsage().maxRSS * 1024;
  // Live memory only: a full collection first (the process runs with --expose-gc), so that the
  // figure does not depend on how far the collector lags behind on a busy machine.
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const live = () => {
    collect();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const liveBefore = live();
  let livePeak = liveBefore;
  /** The staged file as read, sampling live memory every 16 chunks (1 MB). */
  const sampled = async function* () {
    let chunks = 0;
    for await (const chunk of staged) {
      chunks += 1;
      if (chunks % 16 === 0) livePeak = Math.max(livePeak, live());
      yield chunk;
    }
  };
  const started = performance.now();
  const table = new CsvTableStream(sampled(), { head: true, idDelimiter: ',', extendSid: false });
  await store.putStream('tables/bench/upload/table.csv', table.rows(), 'text/csv');
  const seconds = (performance.now() - started) / 1000;
  const peakGrowth = process.resourceUsage().maxRSS * 1024 - before;
  const { size: bytes } = await stat(join(folder, 'uploads', 'staging', 'file'));
  const liveGrowth = livePeak - liveBefore;
  process.stdout.write(`${JSON.stringify({ bytes, rows: table.summary().count, seconds, peakGrowth, liveGrowth })}\n`);
} finally {
  await rm(folder, { recursive: true, force: true });
}
