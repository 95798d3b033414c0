import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalSite } from '../../../local/site/local-site.js';

/** Everything a site has stored: its table's items sorted by PK/SK and its object keys, sorted. */
export interface SiteSnapshot {
  readonly items: Record<string, unknown>[];
  readonly objects: string[];
}

/** For "nothing changed": compare a snapshot before and after with `toEqual`. */
export async function snapshotSite(site: LocalSite): Promise<SiteSnapshot> {
  const { client, tableName } = site.table;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const key = (item: Record<string, unknown>) => `${String(item.PK)}\u0000${String(item.SK)}`;
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const root = join(site.dataDir, 'objects');
  const objects = (await listFiles(root)).map((path) => relative(root, path)).sort();
  return { items, objects };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}
