import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'main.js': 'text/javascript; charset=utf-8',
  'main.css': 'text/css; charset=utf-8',
};

/**
 * Everything the board's page may load comes from the site itself: no script, style, image or
 * call elsewhere (the board works with no network beyond the site). uPlot sizes its parts with
 * inline styles, hence 'unsafe-inline' for styles only.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The board's static assets under `/board/` beside the user API (what the API server's `beside`
 * takes: a promise when it answers the request, undefined to pass it on). They carry no secret,
 * so they are served without the API's token; every call the page makes to the API carries it.
 */
export function boardAssetsHandler(
  assets: () => Promise<string>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> | undefined {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== '/board' && !path.startsWith('/board/')) return undefined;
    return answer(assets, req, res, path);
  };
}

async function answer(assets: () => Promise<string>, req: IncomingMessage, res: ServerResponse, path: string) {
  req.resume();
  if (path === '/board') {
    res.writeHead(308, { location: '/board/', 'content-length': '0' });
    res.end();
    return;
  }
  const file = path === '/board/' ? 'index.html' : path.slice('/board/'.length);
  const type = TYPES[file];
  if (req.method !== 'GET' && req.method !== 'HEAD') return write(res, 405, 'text/plain', Buffer.from('GET only'));
  if (type === undefined) return write(res, 404, 'text/plain', Buffer.from('not found'));
  let body: Buffer;
  try {
    body = await readFile(join(await assets(), file));
  } catch (error) {
    return write(res, 503, 'text/plain', Buffer.from(`the board could not be built: ${String(error)}`));
  }
  write(res, 200, type, body, req.method === 'HEAD');
}

function write(res: ServerResponse, status: number, type: string, body: Buffer, headOnly = false) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'cache-control': 'no-cache',
    'content-length': String(body.length),
  });
  res.end(headOnly ? undefined : body);
}
