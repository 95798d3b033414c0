import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { S3BoundTables } from '../../../../functions/adapters/objects/s3-bound-tables.js';
import { DataError } from '../../../../functions/domain/errors.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe("S3BoundTables against mocked S3 calls: a bound table's rows in its owner's bucket", () => {
  const client = new S3Client({ region: 'eu-west-1', credentials });
  const s3 = mockClient(client);
  const bound = new S3BoundTables(client);

  beforeEach(() => {
    s3.reset();
  });

  it('takes s3://bucket/key locations only', () => {
    expect(bound.engine).toBe('S3');
    expect(bound.checkLocation('s3://owner-data/breast/guest.csv')).toBeUndefined();
    expect(bound.checkLocation('/data/guest.csv')).toBe(
      'address.path must be an S3 URI such as s3://bucket/key, not "/data/guest.csv"',
    );
  });

  it('reads the object from the bucket the location names', async () => {
    s3.on(GetObjectCommand).resolves({ Body: sdkStreamMixin(Readable.from([Buffer.from('id,x0\n1,0.5\n')])) });
    const bytes = await bound.read('s3://owner-data/breast/guest.csv');
    expect(Buffer.from(bytes).toString('utf8')).toBe('id,x0\n1,0.5\n');
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'owner-data', Key: 'breast/guest.csv' },
    ]);
  });

  it('answers a refused read with a DataError naming the location and the grant it needs', async () => {
    s3.on(GetObjectCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'Access Denied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const error = await bound.read('s3://owner-data/guest.csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(
      "cannot read the bound table at s3://owner-data/guest.csv (AccessDenied): its bucket must exist and grant this site's API and runner roles s3:GetObject on it",
    );
  });
});
