import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { extract, pack } from 'tar-stream';
import { ArgumentError, DataError } from '../../domain/errors.js';
import { tarBytes } from '../tar-bytes.js';

/**
 * The body of `GET /v1/tracking/component/output/data/download`: a gzip tar that FATE's client
 * unpacks into `-o DIR` (anything that is not gzip makes it report "Download failed"). The CSV
 * carries its header line; the meta file is JSON written as FATE does (`json.dump(indent=4)`),
 * e.g. `{"header": [...], "total": 569}`.
 */

export interface OutputData {
  /** The component's output name (the DSL's `output.data` entry, e.g. "data", "train"). */
  readonly name: string;
  readonly csv: string | Uint8Array;
  readonly meta: object;
}

export interface OutputArchiveOptions {
  /** Modification time of the entries. @default now */
  readonly mtime?: Date;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Output names become folder names in the archive: keep them to one safe path segment. */
const OUTPUT_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * One output: `data.csv` and `data.meta` at the top, which is what FATE's client and users' scripts
 * look for. Several: a folder per output name, each with its own `data.csv` and `data.meta`.
 * (FATE 1.x writes `<name>.csv`/`<name>.meta` side by side; one file name per kind is easier to script.)
 */
export async function buildOutputArchive(
  outputs: readonly OutputData[],
  options: OutputArchiveOptions = {},
): Promise<Buffer> {
  checkNames(outputs);
  const mtime = options.mtime ?? new Date();
  const tar = pack();
  const packed = tarBytes(tar);
  const single = outputs.length === 1;
  for (const output of outputs) {
    const folder = single ? '' : `${output.name}/`;
    if (!single) tar.entry({ name: folder, type: 'directory', mode: 0o755, mtime });
    tar.entry({ name: `${folder}data.csv`, mode: 0o644, mtime }, toBuffer(output.csv));
    tar.entry({ name: `${folder}data.meta`, mode: 0o644, mtime }, Buffer.from(JSON.stringify(output.meta, null, 4)));
  }
  tar.finalize();
  return gzipAsync(await packed);
}

/** The files of a gzip tar by path (folders left out). Used by tests and by our CLI's download. */
export async function readTarGz(archive: Uint8Array): Promise<Map<string, Buffer>> {
  let unzipped: Buffer;
  try {
    unzipped = await gunzipAsync(archive);
  } catch (error) {
    throw new DataError('the archive is not gzip data', { cause: error });
  }
  const files = new Map<string, Buffer>();
  const reader = extract();
  const read = (async () => {
    for await (const entry of reader) {
      // Every entry must be drained before the next one arrives, folders included.
      const content = await tarBytes(entry);
      if (entry.header.type === 'file') files.set(entry.header.name, content);
    }
  })();
  reader.end(unzipped);
  try {
    await read;
  } catch (error) {
    throw new DataError('the archive is not a valid tar', { cause: error });
  }
  return files;
}

function checkNames(outputs: readonly OutputData[]): void {
  if (outputs.length === 0) throw new ArgumentError('no output data to archive');
  const seen = new Set<string>();
  for (const { name } of outputs) {
    if (!OUTPUT_NAME.test(name) || name === '.' || name === '..') {
      throw new ArgumentError(`output name "${name}" may only use letters, digits, "_", "-" and "."`);
    }
    if (seen.has(name)) throw new ArgumentError(`output name "${name}" appears twice`);
    seen.add(name);
  }
}

function toBuffer(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}
