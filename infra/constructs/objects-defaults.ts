import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, BucketEncryption, type LifecycleRule } from 'aws-cdk-lib/aws-s3';

/**
 * Where `/v1/data/upload/presign` lets a client PUT a file (functions/services/data/presigned-upload.ts);
 * `upload/complete` deletes it, so what is still there after a day is an upload nobody completed.
 */
export const UPLOAD_STAGING_PREFIX = 'uploads/staging/';

/** S3-managed keys: a KMS customer key costs $1/month on its own, the whole idle budget of a site. */
export const BUCKET_ENCRYPTION = BucketEncryption.S3_MANAGED;

export const BUCKET_PUBLIC_ACCESS = BlockPublicAccess.BLOCK_ALL;

/** Tables, models and outputs are the parties' data: kept when the stack goes. */
export const BUCKET_REMOVAL_POLICY = RemovalPolicy.RETAIN;

export const BUCKET_LIFECYCLE: LifecycleRule[] = [
  // The store writes with single PutObject calls, but a client's presigned upload or an interrupted
  // SDK call can still leave parts behind that are billed and invisible in listings.
  { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
  { id: 'expire-staged-uploads', prefix: UPLOAD_STAGING_PREFIX, expiration: Duration.days(1) },
];
