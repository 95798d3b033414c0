import { type ApiResult, ok } from '../route.js';

/**
 * A JSON answer, or — when FATE's client names a file to write it to (`-o`) — the same JSON as that
 * file, indented as FATE writes it.
 */
export function jsonAnswer(data: Record<string, unknown>, filename: string | undefined): ApiResult {
  if (filename === undefined) return ok(data);
  const name = filename.split(/[\\/]/).pop() || 'model.json';
  return {
    kind: 'file',
    // Not application/json: a client tells FATE's envelope (a failure) from the file by that type.
    contentType: 'application/octet-stream',
    filename: name,
    body: new TextEncoder().encode(JSON.stringify(data, null, 4)),
  };
}
