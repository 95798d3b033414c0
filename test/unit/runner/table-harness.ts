/** A component harness whose party also has stored tables (what `flow data upload` leaves), for Reader. */
import type { DslComponent } from '../../../functions/domain/job/dsl-schema.js';
import type { TableRecord, TableStore } from '../../../functions/domain/ports/table-store.js';
import type { TaskKey } from '../../../functions/domain/records/task-record.js';
import type { ComponentContext } from '../../../runner/components/component.js';
import { createComponentContext } from '../../../runner/context/component-context.js';
import { Harness, NOW, taskKey } from './support.js';

export class MemoryTableStore implements TableStore {
  readonly tables = new Map<string, TableRecord>();

  async putTable(table: TableRecord, options: { readonly replace?: boolean } = {}): Promise<'stored' | 'exists'> {
    const key = `${table.namespace}.${table.name}`;
    if (this.tables.has(key) && options.replace !== true) return 'exists';
    this.tables.set(key, table);
    return 'stored';
  }

  async getTable(namespace: string, name: string): Promise<TableRecord | undefined> {
    return this.tables.get(`${namespace}.${name}`);
  }

  async deleteTable(namespace: string, name: string): Promise<TableRecord | undefined> {
    const table = this.tables.get(`${namespace}.${name}`);
    this.tables.delete(`${namespace}.${name}`);
    return table;
  }

  async listTablesOfJob(jobId: string): Promise<TableRecord[]> {
    return [...this.tables.values()].filter((table) => table.jobId === jobId);
  }

  async setTableEnabled(namespace: string, name: string, enable: boolean): Promise<TableRecord | undefined> {
    const table = this.tables.get(`${namespace}.${name}`);
    if (table === undefined) return undefined;
    this.tables.set(`${namespace}.${name}`, { ...table, enable });
    return { ...table, enable };
  }
}

export class TableHarness extends Harness {
  readonly tables = new MemoryTableStore();
  /** Bound tables' rows by location, as FileBoundTables or S3BoundTables would read them. */
  readonly bound = new Map<string, string>();

  /** Binds a table as `flow table bind` does: the record points at rows that stay at `location`. */
  async boundAt(namespace: string, name: string, location: string, csv: string): Promise<void> {
    this.bound.set(location, csv);
    const [sid = '', ...header] = (csv.split('\n')[0] ?? '').split(',');
    await this.tables.putTable({
      namespace,
      name,
      count: csv.trim().split('\n').length - 1,
      partitions: 1,
      schema: { header: header.join(','), sid },
      idDelimiter: ',',
      location,
      engine: 'PATH',
      origin: 'table_bind',
      enable: true,
      extendSid: false,
      jobId: '',
      createTime: NOW,
    });
  }

  /** Stores a table as an upload does: the rows under `tables/<ns>/<name>/…`, the record in the table store. */
  async uploaded(namespace: string, name: string, csv: string, delimiter = ','): Promise<void> {
    const location = `tables/${namespace}/${name}/upload.csv`;
    await this.objects.put(location, csv);
    const [sid = '', ...header] = (csv.split('\n')[0] ?? '').split(delimiter);
    await this.tables.putTable({
      namespace,
      name,
      count: csv.trim().split('\n').length - 1,
      partitions: 4,
      schema: { header: header.join(delimiter), sid },
      idDelimiter: delimiter,
      location,
      engine: 'LOCALFS',
      origin: 'upload',
      enable: true,
      extendSid: false,
      jobId: '202601011100000000001',
      createTime: NOW,
    });
  }

  override context<P>(
    parameters: P,
    spec: DslComponent,
    task: Partial<TaskKey> & { readonly module?: string } = {},
  ): Promise<ComponentContext<P>> {
    return createComponentContext(
      {
        tracking: this.tracking,
        objects: this.objects,
        tables: this.tables,
        boundTables: {
          engine: 'PATH',
          checkLocation: () => undefined,
          read: async (location) => {
            const csv = this.bound.get(location);
            if (csv === undefined) throw new Error(`nothing bound at ${location}`);
            return new TextEncoder().encode(csv);
          },
        },
        now: () => NOW,
        log: (message) => this.lines.push(message),
      },
      { ...taskKey(task), module: task.module ?? 'Reader' },
      parameters,
      spec,
    );
  }
}
