/**
 * Everything a local site has stored, for "a refused request changed nothing": every item of its
 * table, sorted by PK then SK, and every object key under its object store.
 */

import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalSite } from '../../../local/site/local-site.js';
import { withoutContact } from '../../support/without-contact.js';

export interface SiteSnapshot {
  readonly items: Record<string, unknown>[];
  readonly objects: string[];
}

/** The federation's delivery records: the replay guard and stored answers every accepted message leaves. */
const isDelivery = (item: Record<string, unknown>): boolean => /^(WEBHOOK|MESSAGE)#/.test(String(item.PK));

export async function snapshotSite(
  site: Pick<LocalSite, 'table' | 'dataDir'>,
  options: {
    /**
     * Leave out the delivery records: a signed message the endpoint accepted and a command then
     * refused leaves exactly these (its webhook id, its answer, and its sender's last contact in
     * the party registry), by design.
     */
    readonly exceptDeliveries?: boolean;
  } = {},
): Promise<SiteSnapshot> {
  const { client, tableName } = site.table;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const kept = options.exceptDeliveries ? items.filter((item) => !isDelivery(item)).map(withoutContact) : items;
  const key = (item: Record<string, unknown>) => `${String(item.PK)}\u0000${String(item.SK)}`;
  kept.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const root = join(site.dataDir, 'objects');
  const objects = (await listFiles(root)).map((path) => relative(root, path)).sort();
  return { items: kept, objects };
}

async function listFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}
