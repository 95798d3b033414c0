import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { DataError } from '../../domain/errors.js';
import type { BoundTables } from '../../domain/ports/bound-tables.js';

/** A local site's bound tables: files on its machine, by absolute path (FATE's PATH engine). */
export class FileBoundTables implements BoundTables {
  readonly engine = 'PATH';

  checkLocation(location: string): string | undefined {
    return isAbsolute(location) && !location.includes('\0')
      ? undefined
      : `address.path must be an absolute file path, not "${location}"`;
  }

  async read(location: string): Promise<Uint8Array> {
    try {
      return await readFile(location);
    } catch (error) {
      throw new DataError(`cannot read the bound table's file ${location}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
