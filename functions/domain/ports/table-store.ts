/**
 * Data tables known to a site (FATE's storage table meta): what `flow table info` shows. The
 * rows themselves are objects in the object store at `location`.
 */
export interface TableSchema {
  /** Feature/label column names, in file order, without the id column. */
  readonly header: string;
  /** The id column's name. */
  readonly sid: string;
  readonly meta?: Readonly<Record<string, unknown>>;
}

export interface TableRecord {
  readonly namespace: string;
  readonly name: string;
  readonly count: number;
  readonly partitions: number;
  readonly schema: TableSchema;
  readonly idDelimiter: string;
  /** Object-store key of the CSV rows. */
  readonly location: string;
  readonly engine: string;
  readonly origin: 'upload' | 'table_bind' | 'output';
  readonly enable: boolean;
  readonly extendSid: boolean;
  /** The job that produced the table (the upload job, or the component's job); '' for a bound table, which no job made. */
  readonly jobId: string;
  readonly createTime: number;
}

export interface TableStore {
  /** Stores a table; refuses (returns 'exists') when one is already there, unless `replace`. */
  putTable(table: TableRecord, options?: { readonly replace?: boolean }): Promise<'stored' | 'exists'>;
  getTable(namespace: string, name: string): Promise<TableRecord | undefined>;
  /** Removes the table record; returns it, or undefined if there was none. */
  deleteTable(namespace: string, name: string): Promise<TableRecord | undefined>;
  /** Tables produced by a job (FATE's `table list -j`). */
  listTablesOfJob(jobId: string): Promise<TableRecord[]>;
  /**
   * Enables or disables a table (FATE's `table disable` / `enable`: a disabled table is not read)
   * in one conditional write on the table's existence; the table as it now is, or undefined if none.
   */
  setTableEnabled(namespace: string, name: string, enable: boolean): Promise<TableRecord | undefined>;
}
