/**
 * Blobs: uploaded tables, component outputs, models, logs, federation payloads. S3 in AWS, a
 * folder locally. Keys are `/`-separated relative paths.
 */
export interface ObjectStore {
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** The object's bytes, or undefined if there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Writes an object of any size from a stream, holding at most a bounded part of it in memory.
   * The object appears only once `body` has ended: if reading `body` throws, nothing is written
   * (and a previous object under `key` stays), and the error is rethrown.
   */
  putStream(key: string, body: AsyncIterable<Uint8Array>, contentType?: string): Promise<void>;
  /** The object's bytes as a stream (objects of any size), or undefined if there is none. */
  getStream(key: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  delete(key: string): Promise<void>;
  /** A URL a client may PUT one object to directly for `expiresInSeconds` (uploads over the API's size limit). */
  presignPut(key: string, expiresInSeconds: number): Promise<string>;
}
