import { randomUUID } from 'node:crypto';
import { ArgumentError, NotFoundError } from '../../domain/errors.js';
import type { SiteServices } from '../site-services.js';
import { parseUploadConf } from './upload-conf.js';
import { type UploadResult, type UploadTableDeps, uploadTable } from './upload-table.js';

/** Where a client PUTs a file too large for the API; the key is ours, never the caller's choice. */
const STAGING_PREFIX = 'uploads/staging/';
const UPLOAD_ID = /^[0-9a-f-]{36}$/;
export const PRESIGNED_UPLOAD_SECONDS = 900;

export interface PresignedUpload {
  readonly upload_id: string;
  readonly url: string;
  readonly method: 'PUT';
  readonly expires_in: number;
}

export type PresignUploadDeps = Pick<SiteServices, 'objects'>;

/**
 * Step 1 of an upload over the API's body limit: check the conf as a direct upload would, then
 * hand out a short-lived URL to PUT the file to the object store (S3 in AWS; the local object
 * store has none and says so).
 */
export async function presignUpload(services: PresignUploadDeps, confInput: unknown): Promise<PresignedUpload> {
  parseUploadConf(confInput);
  const uploadId = randomUUID();
  const url = await services.objects.presignPut(`${STAGING_PREFIX}${uploadId}`, PRESIGNED_UPLOAD_SECONDS);
  return { upload_id: uploadId, url, method: 'PUT', expires_in: PRESIGNED_UPLOAD_SECONDS };
}

export type CompleteUploadDeps = Pick<SiteServices, 'objects'> & UploadTableDeps;

/**
 * Step 2: the file is in the staging area; run the upload from it exactly as a direct upload
 * (same checks, same job, same table), read as a stream so that its size is bounded by nothing the
 * function holds, then drop the staged file.
 */
export async function completeUpload(
  services: CompleteUploadDeps,
  confInput: unknown,
  uploadId: unknown,
): Promise<UploadResult> {
  if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId)) {
    throw new ArgumentError('upload_id is required: the id /v1/data/upload/presign answered');
  }
  const key = `${STAGING_PREFIX}${uploadId}`;
  const file = await services.objects.getStream(key);
  if (file === undefined) throw new NotFoundError(`upload ${uploadId}: no file was PUT to its URL (or it expired)`);
  const result = await uploadTable(services, confInput, file);
  await services.objects.delete(key);
  return result;
}
