/**
 * FATE's `flow` client on the wire (fate_client 1.11, Python requests + urllib3), rebuilt byte for
 * byte: `json.dumps` spacing, `requote_uri` for the upload's JSON query, the request signing, and
 * only the headers urllib3 sends (Host, Accept-Encoding: identity, Content-Length, Content-Type,
 * the signing headers, User-Agent). Requests go over a raw socket so nothing adds a header.
 */
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';

/** Python's `json.dumps(value)`: `", "` and `": "` separators, non-ASCII as `\uXXXX`. */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${asciiJsonString(key)}: ${pythonJsonDumps(item)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') return asciiJsonString(value);
  return JSON.stringify(value);
}

function asciiJsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const REQUOTE_SAFE = new Set("!#$%&'()*+,/:;=?@[]~-._");

/** requests' `requote_uri` on text holding no %XX escapes: what `params=json.dumps(conf)` puts in the URL. */
export function requoteUri(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      /[A-Za-z0-9]/.test(char) || REQUOTE_SAFE.has(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface FateCredentials {
  readonly appKey: string;
  readonly secretKey: string;
  readonly timestamp: string;
  readonly nonce: string;
}

/** `access_server`'s signature: JSON body signed when the client sends JSON, nothing for multipart. */
export function fateClientSignature(credentials: FateCredentials, pathUrl: string, jsonBody: string | undefined) {
  const parts = [credentials.timestamp, credentials.nonce, credentials.appKey, pathUrl, jsonBody ?? '', ''];
  return createHmac('sha1', credentials.secretKey)
    .update(Buffer.from(parts.join('\n'), 'utf8'))
    .digest('base64');
}

export interface FateRequest {
  readonly method: 'GET' | 'POST';
  /** path_url: path plus `?query` as requests sends it. */
  readonly pathUrl: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly credentials?: FateCredentials;
  /** Whether the body is JSON (`json_data is not None`), which decides what is signed. */
  readonly signsBody: boolean;
}

/** The bytes urllib3 writes for this request. */
export function fateRequestBytes(port: number, request: FateRequest): Buffer {
  const lines = [
    `${request.method} ${request.pathUrl} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Accept-Encoding: identity',
    `Content-Length: ${request.body.length}`,
    `Content-Type: ${request.contentType}`,
  ];
  if (request.credentials !== undefined) {
    const { credentials } = request;
    const signature = fateClientSignature(
      credentials,
      request.pathUrl,
      request.signsBody ? request.body.toString('utf8') : undefined,
    );
    lines.push(
      `TIMESTAMP: ${credentials.timestamp}`,
      `NONCE: ${credentials.nonce}`,
      `APP_KEY: ${credentials.appKey}`,
      `SIGNATURE: ${signature}`,
    );
  }
  lines.push('User-Agent: python-urllib3/1.26.18', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), request.body]);
}

/** requests_toolbelt's MultipartEncoder with FATE's one part `file` (application/octet-stream). */
export function fateUploadBody(boundary: string, filename: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Writes raw request bytes to 127.0.0.1:port and reads one Content-Length-framed response. */
export function sendRaw(port: number, request: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const response = parseResponse(received);
      if (response !== undefined) {
        socket.destroy();
        resolve(response);
      }
    });
    socket.on('error', reject);
    socket.on('end', () => reject(new Error(`connection closed after ${received.length} bytes`)));
    socket.write(request);
  });
}

function parseResponse(received: Buffer): RawResponse | undefined {
  const headerEnd = received.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const [statusLine = '', ...headerLines] = received.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = received.subarray(headerEnd + 4);
  if (body.length < length) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length) };
}
