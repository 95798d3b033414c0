import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule } from './acknowledge.js';
import {
  BUCKET_ENCRYPTION,
  BUCKET_LIFECYCLE,
  BUCKET_PUBLIC_ACCESS,
  BUCKET_REMOVAL_POLICY,
} from './objects-defaults.js';

/**
 * The site's S3 bucket: uploaded tables (`tables/`), staged uploads (`uploads/staging/`) and
 * component outputs (`outputs/`); each role reaches only the prefixes function-permissions.ts names.
 */
export class Objects extends Construct {
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BUCKET_ENCRYPTION,
      blockPublicAccess: BUCKET_PUBLIC_ACCESS,
      enforceSSL: true,
      lifecycleRules: BUCKET_LIFECYCLE,
      removalPolicy: BUCKET_REMOVAL_POLICY,
    });
    acknowledgeRule(
      this.bucket,
      'AwsSolutions-S1',
      "Server access logs would need a second bucket that itself logs nowhere; every request to this bucket is made by the site's own roles (or a presigned URL they issued), which CloudTrail data events can audit when an operator wants it, at a price only then.",
    );
  }
}
