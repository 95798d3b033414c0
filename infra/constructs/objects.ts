import { Stack } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeWildcardResource } from './acknowledge.js';
import {
  BUCKET_ACTIONS,
  BUCKET_ENCRYPTION,
  BUCKET_LIFECYCLE,
  BUCKET_PUBLIC_ACCESS,
  BUCKET_REMOVAL_POLICY,
  OBJECT_ACTIONS,
} from './objects-defaults.js';

/** The site's S3 bucket: uploaded tables, component outputs, models, task logs, federation transfers. */
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
    acknowledgeWildcardResource(
      Stack.of(this),
      this.bucket.arnForObjects('*'),
      'The object store reads and writes keys it derives at run time (jobs, tables, outputs); the pattern covers the objects of this one bucket.',
    );
  }

  /** Get, put and delete objects, list the bucket (see OBJECT_ACTIONS). */
  grantReadWrite(grantee: IGrantable): void {
    Grant.addToPrincipal({ grantee, actions: [...OBJECT_ACTIONS], resourceArns: [this.bucket.arnForObjects('*')] });
    Grant.addToPrincipal({ grantee, actions: [...BUCKET_ACTIONS], resourceArns: [this.bucket.bucketArn] });
  }
}
