/**
 * The rows of a bound table (`flow table bind`): data that stays where its owner keeps it — a file
 * on a local site's machine, an S3 object in AWS — read where it is each time a Reader reads it.
 * Locations are the engine's own: an absolute file path (engine PATH), `s3://bucket/key` (engine S3).
 */
export interface BoundTables {
  /** The storage engine this site binds tables of, as FATE names engines: `PATH` locally, `S3` in AWS. */
  readonly engine: string;
  /** Checks a location's form before anything is read; the message says what a location must look like. */
  checkLocation(location: string): string | undefined;
  /** The bytes at the location; a DataError naming it when they cannot be read. */
  read(location: string): Promise<Uint8Array>;
}
