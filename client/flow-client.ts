import { AppError, RetCode } from '../functions/domain/errors.js';

/** How the `flow` client reaches a site and proves who it is. */
export interface ClientConfig {
  /** e.g. http://127.0.0.1:9380 */
  readonly url: string;
  readonly token?: string;
}

export interface Envelope {
  readonly retcode: number;
  readonly retmsg: string;
  readonly data?: unknown;
  readonly jobId?: string;
  readonly meta?: unknown;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/**
 * A small typed client of a site's FATE-Flow API. Plain node:http so that it can send FATE's
 * GET-with-a-JSON-body (fetch refuses a GET body).
 */
export class FlowClient {
  constructor(private readonly config: ClientConfig) {}

  /** POSTs JSON and returns FATE's envelope, whatever the HTTP status (FATE's client does the same). */
  async post(path: string, body: unknown): Promise<Envelope> {
    return parseEnvelope(await this.send('POST', path, JSON.stringify(body), 'application/json'));
  }

  /** Sends a request whose answer may be a file (an envelope on failure). */
  async fetchFile(method: 'GET' | 'POST', path: string, body: unknown): Promise<RawResponse> {
    return this.send(method, path, JSON.stringify(body), 'application/json');
  }

  /** FATE's upload: the conf as the whole query string, the file as the multipart part "file". */
  async upload(path: string, conf: unknown, fileName: string, file: Uint8Array): Promise<Envelope> {
    const boundary = `----fateflow${Date.now().toString(16)}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName.replace(/"/g, '')}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const body = Buffer.concat([head, Buffer.from(file), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const query = encodeURIComponent(JSON.stringify(conf));
    return parseEnvelope(
      await this.send('POST', `${path}?${query}`, body, `multipart/form-data; boundary=${boundary}`),
    );
  }

  private async send(method: string, path: string, body: string | Buffer, contentType: string): Promise<RawResponse> {
    const url = new URL(path, this.config.url);
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'Content-Length': String(payload.length),
      ...(this.config.token === undefined ? {} : { Authorization: `Bearer ${this.config.token}` }),
    };
    // Loaded at the first request, not at `flow`'s start (`flow --help` needs neither).
    const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    return new Promise((resolve, reject) => {
      const req = send(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      });
      req.on('error', (error) =>
        reject(new AppError(RetCode.CONNECTION_ERROR, 503, `cannot reach ${this.config.url}: ${error.message}`)),
      );
      req.end(payload);
    });
  }
}

export function parseEnvelope(response: RawResponse): Envelope {
  try {
    const value = JSON.parse(response.body.toString('utf8')) as Envelope;
    if (typeof value.retcode === 'number') return value;
  } catch {
    // fall through: not an envelope
  }
  throw new AppError(
    RetCode.EXCEPTION_ERROR,
    502,
    `unexpected answer (HTTP ${response.status}): ${response.body.toString('utf8').slice(0, 200)}`,
  );
}
