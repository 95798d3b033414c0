/**
 * Blobs: uploaded tables, component outputs, models, logs, federation payloads. S3 in AWS, a
 * folder locally. Keys are `/`-separated relative paths.
 */
export interface ObjectStore {
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** The object's bytes, or undefined if there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
  /** A URL a client may PUT one object to directly for `expiresInSeconds` (uploads over the API's size limit). */
  presignPut(key: string, expiresInSeconds: number): Promise<string>;
}
