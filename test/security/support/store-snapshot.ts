import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalSite } from '../../../local/site/local-site.js';

/** Everything a site has stored: every table item (sorted) and every object key (sorted). */
export interface SiteSnapshot {
  readonly items: Record<string, unknown>[];
  readonly objects: string[];
}

export interface SnapshotOptions {
  /**
   * Leave out the federation's delivery records (webhook ids, stored answers): every signed message
   * that passes the checks leaves them, refused command or not, so that a replay is refused.
   */
  readonly exceptDeliveries?: boolean;
}

/** A site's whole store, for "nothing changed" comparisons with toEqual. */
export async function snapshotSite(site: LocalSite, options: SnapshotOptions = {}): Promise<SiteSnapshot> {
  const { client, tableName } = site.table;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const kept = options.exceptDeliveries ? items.filter((item) => !/^(WEBHOOK|MESSAGE)#/.test(String(item.PK))) : items;
  const key = (item: Record<string, unknown>) => `${String(item.PK)}\u0000${String(item.SK)}`;
  kept.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const root = join(site.dataDir, 'objects');
  const objects = await listFiles(root).catch((error: unknown) => {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  });
  return { items: kept, objects: objects.map((path) => relative(root, path)).sort() };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}
