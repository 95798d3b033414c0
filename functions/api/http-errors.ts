/**
 * Errors only the HTTP layer raises. They are AppErrors like the domain's (FATE retcode 101, an
 * exposed message), with the HTTP status the transport problem calls for and, where HTTP asks for
 * one, a response header (`Allow` on 405).
 */
import { AppError, type AppErrorOptions, RetCode } from '../domain/errors.js';

export class HttpLayerError extends AppError {
  override readonly name: string = 'HttpLayerError';
  constructor(
    statusCode: number,
    message: string,
    /** Headers the error response must carry. */
    readonly responseHeaders: Readonly<Record<string, string>> = {},
    options?: AppErrorOptions,
  ) {
    super(RetCode.ARGUMENT_ERROR, statusCode, message, options);
  }
}

/** 405: the path exists but not for this method. */
export class MethodNotAllowedError extends HttpLayerError {
  override readonly name = 'MethodNotAllowedError';
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(405, `method ${method} is not allowed for ${path}; use ${allowed.join(' or ')}`, {
      allow: allowed.join(', '),
    });
  }
}

/** 413: the body is over the configured limit. */
export class PayloadTooLargeError extends HttpLayerError {
  override readonly name = 'PayloadTooLargeError';
  constructor(size: number, limit: number) {
    const readable = describeBytes(limit);
    const suffix = readable === `${limit} bytes` ? '' : ` (${readable})`;
    super(413, `request body is ${size} bytes, over the limit of ${limit} bytes${suffix}`);
  }
}

/** 414: the query string is over the limit (API Gateway's own request-line quota). */
export class UriTooLongError extends HttpLayerError {
  override readonly name = 'UriTooLongError';
  constructor(size: number, limit: number) {
    super(414, `query string is ${size} bytes, over the limit of ${limit} bytes`);
  }
}

/** 415: the route cannot read a body of this content type. */
export class UnsupportedMediaTypeError extends HttpLayerError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(contentType: string, accepted: readonly string[]) {
    super(415, `unsupported content type "${contentType}"; send ${accepted.join(' or ')}`);
  }
}

/** "10 MiB", "512 KiB", "100 bytes": the limit as an operator would configure it. */
export function describeBytes(bytes: number): string {
  const units = [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
