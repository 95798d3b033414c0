/**
 * What S3 does with a presigned PUT URL, for a local site: the URL's signature and expiry are
 * checked, then the body streams into the object store (never held whole), so a file of any size
 * passes the API's body limit the way it does in AWS. Answers as S3 does: 200 with nothing, 403
 * for a URL that is not valid (why goes to the site's log only).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRESIGNED_PUT_PATH, type PresignedPutCheck } from '../../functions/adapters/objects/local-presigned-url.js';
import type { ObjectStore } from '../../functions/domain/ports/object-store.js';

export interface PresignedPutTarget {
  check(pathWithQuery: string): PresignedPutCheck;
  readonly objects: Pick<ObjectStore, 'putStream'>;
  readonly onError?: (error: unknown) => void;
}

/** For `startApiServer({ beside })`: the presigned PUTs, undefined for every other request. */
export function presignedPutHandler(
  target: PresignedPutTarget,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> | undefined {
  return (req, res) => {
    if (!(req.url ?? '').startsWith(PRESIGNED_PUT_PATH)) return undefined;
    return receive(target, req, res);
  };
}

async function receive(target: PresignedPutTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'PUT') return answer(res, 405, 'MethodNotAllowed');
  const check = target.check(req.url ?? '');
  if (!check.ok) {
    target.onError?.(new Error(`presigned PUT refused: ${check.reason}`));
    return answer(res, 403, 'AccessDenied');
  }
  try {
    await target.objects.putStream(check.key, req, req.headers['content-type']);
  } catch (error) {
    target.onError?.(error);
    // The client may still be sending: close the connection rather than read the rest.
    return answer(res, 500, 'InternalError', true);
  }
  answer(res, 200);
}

function answer(res: ServerResponse, status: number, code?: string, close = false): void {
  const body = code === undefined ? '' : `<Error><Code>${code}</Code></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}
