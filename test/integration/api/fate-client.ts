import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { fateSignature } from '../../../functions/api/auth/fate-signature.js';

/**
 * Requests shaped byte for byte like FATE's own `flow` client (fate_client 1.11.4): only Host,
 * Accept-Encoding, Content-Length, Content-Type and a python-urllib3 User-Agent, Python json.dumps
 * spacing, and its APP_KEY/SECRET_KEY signature.
 */
export interface FateResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export const APP_KEY = 'test-app';
export const SECRET_KEY = 'test-secret';

/** Python's json.dumps: ", " and ": " separators. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

export function fateRequest(
  baseUrl: string,
  method: 'GET' | 'POST',
  pathWithQuery: string,
  body: Buffer,
  contentType: string,
  options: { readonly signJson?: boolean } = {},
): Promise<FateResponse> {
  const url = new URL(baseUrl);
  const timestamp = String(Date.now());
  const nonce = randomUUID();
  const signature = fateSignature(SECRET_KEY, {
    timestamp,
    nonce,
    appKey: APP_KEY,
    pathWithQuery,
    jsonBody: options.signJson === false ? new Uint8Array() : body,
    form: '',
  });
  const headers = {
    Host: url.host,
    'User-Agent': 'python-urllib3/1.26.18',
    'Accept-Encoding': 'identity',
    TIMESTAMP: timestamp,
    NONCE: nonce,
    APP_KEY,
    SIGNATURE: signature,
    'Content-Length': String(body.length),
    'Content-Type': contentType,
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: pathWithQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `flow data upload -c conf`: the conf as the whole query string, the CSV as multipart part "file". */
export function fateUpload(baseUrl: string, conf: Record<string, unknown>, csv: string, fileName: string) {
  const boundary = randomUUID().replace(/-/g, '');
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(csv),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  // requests' requote_uri: quotes what a URL may not hold ({ } " and spaces), leaves : , / as they are.
  const query = encodeURI(pythonJson(conf));
  return fateRequest(baseUrl, 'POST', `/v1/data/upload?${query}`, body, `multipart/form-data; boundary=${boundary}`, {
    signJson: false,
  });
}

export function fateJson(baseUrl: string, method: 'GET' | 'POST', path: string, body: unknown) {
  return fateRequest(baseUrl, method, path, Buffer.from(pythonJson(body)), 'application/json');
}
