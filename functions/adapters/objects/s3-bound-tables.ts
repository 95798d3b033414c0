import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DataError } from '../../domain/errors.js';
import type { BoundTables } from '../../domain/ports/bound-tables.js';

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;

/**
 * A deployed site's bound tables: S3 objects in their owner's bucket, by `s3://bucket/key`. The
 * site reads them with its own roles (the API's at bind, the runner's at each read), so the bucket
 * must grant those roles s3:GetObject; the refusal says so.
 */
export class S3BoundTables implements BoundTables {
  readonly engine = 'S3';

  constructor(private readonly client: S3Client) {}

  checkLocation(location: string): string | undefined {
    return S3_URI.test(location)
      ? undefined
      : `address.path must be an S3 URI such as s3://bucket/key, not "${location}"`;
  }

  async read(location: string): Promise<Uint8Array> {
    const [, bucket, key] = S3_URI.exec(location) ?? [];
    if (bucket === undefined || key === undefined) throw new DataError(`${location} is not an S3 URI`);
    try {
      const { Body: body } = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (body === undefined) throw new DataError(`${location} has no content`);
      return await body.transformToByteArray();
    } catch (error) {
      if (error instanceof DataError) throw error;
      throw new DataError(
        `cannot read the bound table at ${location} (${(error as Error).name}): its bucket must exist and ` +
          "grant this site's API and runner roles s3:GetObject on it",
        { cause: error },
      );
    }
  }
}
