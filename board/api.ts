import { readTar, type TarFile } from './lib/tar.js';
import { clearToken, currentToken } from './token.js';

/** FATE-Flow's answer envelope. */
export interface Envelope<T> {
  readonly retcode: number;
  readonly retmsg: string;
  readonly data?: T;
  readonly meta?: unknown;
  readonly jobId?: string;
}

/** The board is served at `<site>/board/`: the API is the same origin's root. */
const API_BASE = new URL('../', document.baseURI);

/** Raised on a 401: the token is gone from the session and the board asks for one again. */
export class SignedOut extends Error {}

const listeners = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function call(path: string, body: unknown): Promise<Response> {
  const response = await fetch(new URL(path.replace(/^\//, ''), API_BASE), {
    method: 'POST',
    headers: { authorization: `Bearer ${currentToken() ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status === 401) {
    clearToken();
    for (const listener of listeners) listener();
    throw new SignedOut('the site did not take the token');
  }
  return response;
}

/** A FATE route's envelope, whatever its retcode (the pages show retmsg when it is not 0). */
export async function post<T>(path: string, body: unknown): Promise<Envelope<T>> {
  return (await (await call(path, body)).json()) as Envelope<T>;
}

/** The job's logs at this site: FATE's tar.gz from `/v1/job/log/download`, unpacked here. */
export async function jobLogFiles(jobId: string): Promise<TarFile[] | Envelope<never>> {
  const response = await call('/v1/job/log/download', { job_id: jobId });
  if ((response.headers.get('content-type') ?? '').includes('json')) return (await response.json()) as Envelope<never>;
  // DOM's typings give the gzip stream's writable side BufferSource, which a byte stream is.
  const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const gunzipped = (response.body as ReadableStream<Uint8Array>).pipeThrough(gunzip);
  return readTar(new Uint8Array(await new Response(gunzipped).arrayBuffer()));
}
