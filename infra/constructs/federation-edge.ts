import { Aws, CfnRule, Fn } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { FEDERATION_PATH } from '../../functions/federation/create-federation-handler.js';
import { acknowledgeRule } from './acknowledge.js';

export interface FederationEdgeProps {
  readonly partyId: number;
  readonly httpApi: HttpApi;
  /** Requests from one client IP in any 5 minutes, past which WAF blocks it (WAF's own unit). */
  readonly rateLimit: number;
}

/**
 * The optional WAF in front of the federation route (context `federationWafRateLimit`): HTTP APIs
 * cannot carry a web ACL, so a CloudFront distribution does, with a rate-based rule per client IP.
 * Peers then use the distribution's URL as this site's endpoint. WAF for CloudFront lives in
 * us-east-1 only: a template rule refuses the stack anywhere else. Idle cost: ≈ $6 a month (the
 * web ACL and its rule), which is why it is off unless asked for.
 */
export class FederationEdge extends Construct {
  public readonly webAcl: CfnWebACL;
  public readonly distribution: Distribution;
  /** `https://<distribution>`: what peers register as this site's endpoint. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: FederationEdgeProps) {
    super(scope, id);
    new CfnRule(this, 'InUsEast1', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
          assertDescription: 'federationWafRateLimit needs the stack in us-east-1, where WAF for CloudFront lives',
        },
      ],
    });
    const metric = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: `fate-flow-${props.partyId}-${name}`,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('federation'),
      rules: [
        {
          name: 'federation-rate-per-ip',
          priority: 0,
          action: { block: {} },
          visibilityConfig: metric('federation-rate'),
          statement: { rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP' } },
        },
      ],
    });
    // The API's own host: CloudFront must not forward the viewer's Host, which API Gateway would refuse.
    const apiHost = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `FATE-Flow party ${props.partyId}: the federation route behind WAF`,
      webAclId: this.webAcl.attrArn,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new HttpOrigin(apiHost, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR1',
      'Peers are organisations wherever they are; the handler authenticates each call by its signature, so a geographic restriction adds nothing.',
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR3',
      "The API's access log (the origin) records every call that passes; CloudFront's standard logs would need a logging bucket.",
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR4',
      `The distribution's own *.cloudfront.net certificate serves ${FEDERATION_PATH}; a custom domain with its certificate would allow TLS 1.2 as the minimum.`,
    );
  }
}
