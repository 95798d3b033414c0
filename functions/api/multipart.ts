/**
 * multipart/form-data through @middy/http-multipart-body-parser (busboy underneath), called on a
 * copy of the event so the stack keeps the raw bytes. Parts with a filename become files, in the
 * order sent; the others are text fields.
 */
import type { Request } from '@middy/core';
import httpMultipartBodyParser, { type Event } from '@middy/http-multipart-body-parser';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { ArgumentError } from '../domain/errors.js';
import { isPlainObject } from './query-string.js';
import type { UploadedFile } from './route.js';

export interface MultipartBody {
  readonly fields: Readonly<Record<string, string | readonly string[]>>;
  readonly files: readonly UploadedFile[];
}

const parser = httpMultipartBodyParser({
  // Our own content-type check runs first; middy's pattern refuses quoted or RFC-legal boundaries
  // such as `boundary="a.b"` that busboy reads fine.
  disableContentTypeCheck: true,
  // Python's requests_toolbelt writes UTF-8 filenames; busboy's default would read them as latin1.
  busboy: { defParamCharset: 'utf8' },
});

interface Attachment {
  readonly filename: string;
  readonly mimetype: string;
  readonly content: Buffer;
}

export async function parseMultipart(
  event: APIGatewayProxyEventV2,
  contentType: string,
  rawBody: Buffer,
  context: Context,
): Promise<MultipartBody> {
  const request: Request<Event, unknown, Error, Context> = {
    event: {
      ...event,
      headers: { 'content-type': contentType },
      body: rawBody.toString('base64'),
      isBase64Encoded: true,
    },
    context,
    response: undefined,
    error: undefined,
    internal: {},
  };
  try {
    await parser.before?.(request);
  } catch (error) {
    throw new ArgumentError(`multipart/form-data body is malformed: ${reason(error)}`, { cause: error });
  }
  const parsed: unknown = request.event.body;
  const fields: Record<string, string | readonly string[]> = {};
  const files: UploadedFile[] = [];
  if (!isPlainObject(parsed)) return { fields, files };
  for (const [field, value] of Object.entries(parsed)) {
    if (typeof value === 'string') fields[field] = value;
    else if (isAttachment(value)) files.push(toFile(field, value));
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) fields[field] = value;
    // middy puts the latest of several same-named files first.
    else if (Array.isArray(value))
      files.push(
        ...value
          .filter(isAttachment)
          .reverse()
          .map((file) => toFile(field, file)),
      );
  }
  return { fields, files };
}

function isAttachment(value: unknown): value is Attachment {
  return (
    isPlainObject(value) &&
    typeof value.filename === 'string' &&
    typeof value.mimetype === 'string' &&
    Buffer.isBuffer(value.content)
  );
}

function toFile(field: string, attachment: Attachment): UploadedFile {
  return { field, filename: attachment.filename, contentType: attachment.mimetype, content: attachment.content };
}

/** busboy's own words ("Unexpected end of form") sit in middy's error cause. */
function reason(error: unknown): string {
  if (error instanceof Error && isPlainObject(error.cause) && typeof error.cause.message === 'string') {
    return error.cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
