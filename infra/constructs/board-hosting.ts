import { Fn, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule } from './acknowledge.js';
import { BOARD_API_BEHAVIOR, BOARD_INDEX } from './board-defaults.js';

export interface BoardHostingProps {
  readonly partyId: number;
  /** The board's API, reached through the distribution under BOARD_API_BEHAVIOR. */
  readonly boardApi: HttpApi;
}

/**
 * Where a browser loads the board: a private bucket of its static assets read by CloudFront alone
 * (origin access control), and the board's API under `/v1/*` of the same distribution, so the
 * pages and their calls share one origin (no CORS, one URL for the sign-in's redirect).
 */
export class BoardHosting extends Construct {
  public readonly bucket: Bucket;
  public readonly distribution: Distribution;
  /** `https://<distribution>/`: the board's page, and its sign-in's redirect URI. */
  public readonly url: string;
  /** `https://<distribution>`: the API base the page calls (`<apiUrl>/v1/…`). */
  public readonly apiUrl: string;

  constructor(scope: Construct, id: string, props: BoardHostingProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Built from the repository at every deploy: nothing here is kept when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const apiHost = Fn.select(2, Fn.split('/', props.boardApi.apiEndpoint));
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `FATE-Flow party ${props.partyId}: the board`,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultRootObject: BOARD_INDEX,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: {
        [BOARD_API_BEHAVIOR]: {
          // The API's own host: API Gateway refuses a request whose Host is the distribution's.
          origin: new HttpOrigin(apiHost, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          allowedMethods: AllowedMethods.ALLOW_ALL,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          // Not cached, so this managed policy may pass the Authorization header (the Cognito token) on.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });
    this.apiUrl = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.apiUrl}/`;
    acknowledgeRule(
      this.bucket,
      'AwsSolutions-S1',
      'The bucket holds the built board only, read by CloudFront alone; its deployment is the stack itself.',
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR1',
      "The site's people sign in from wherever they work; the board's API calls need a Cognito token.",
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR2',
      "A WAF web ACL costs ≈ $6 a month idle; the board's API calls need a Cognito token and the API's stage throttles them.",
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR3',
      "The board API's access log records every call; CloudFront's standard logs would need a logging bucket for static files.",
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR4',
      "The distribution's own *.cloudfront.net certificate serves the board; a custom domain with its certificate would allow TLS 1.2 as the minimum.",
    );
  }
}
