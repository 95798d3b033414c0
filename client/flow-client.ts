import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError, RetCode } from '../functions/domain/errors.js';
import { type SignableRequest, type SigV4Credentials, type SigV4Settings, sigV4Signer } from './sigv4.js';

/** How the `flow` client reaches a site and proves who it is. */
export interface ClientConfig {
  /** e.g. http://127.0.0.1:9380, or a deployed site's https://….execute-api.<region>.amazonaws.com */
  readonly url: string;
  readonly token?: string;
  /** Sign every request with AWS SigV4 (a deployed site's API takes IAM authorisation only). */
  readonly sigv4?: SigV4Settings;
}

export interface FlowClientOptions {
  /** The credentials SigV4 signs with. @default the AWS SDK's default chain (see sigv4.ts) */
  readonly credentials?: SigV4Credentials;
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
  private readonly sign: ((request: SignableRequest) => Promise<Record<string, string>>) | undefined;

  constructor(
    private readonly config: ClientConfig,
    options: FlowClientOptions = {},
  ) {
    this.sign = config.sigv4 === undefined ? undefined : sigV4Signer(config.sigv4, options.credentials);
  }

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

  /**
   * PUTs a file to a presigned URL (S3's, or a local site's stand-in), streamed from disk: its size
   * is bounded by nothing this process holds. The URL carries its own authorisation, so nothing of
   * the client's credentials goes with it. Resolves with the HTTP status.
   */
  async putFile(presignedUrl: string, path: string): Promise<number> {
    const url = new URL(presignedUrl);
    const { size } = await stat(path);
    const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    return new Promise((resolve, reject) => {
      const req = send(url, { method: 'PUT', headers: { 'Content-Length': String(size) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', (error) =>
        reject(new AppError(RetCode.CONNECTION_ERROR, 503, `cannot reach ${url.origin}: ${error.message}`)),
      );
      const file = createReadStream(path);
      file.on('error', (error) => req.destroy(error));
      file.pipe(req);
    });
  }

  private async send(method: string, path: string, body: string | Buffer, contentType: string): Promise<RawResponse> {
    const url = new URL(path, this.config.url);
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const unsigned: Record<string, string> = {
      'content-type': contentType,
      ...(this.config.token === undefined ? {} : { authorization: `Bearer ${this.config.token}` }),
    };
    const headers = {
      ...(this.sign === undefined ? unsigned : await this.sign({ method, url, headers: unsigned, body: payload })),
      'content-length': String(payload.length),
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
