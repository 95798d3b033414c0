import {
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule } from './acknowledge.js';
import {
  ACCESS_LOG_FORMAT,
  ACCESS_LOG_RETENTION,
  API_THROTTLE,
  FEDERATION_PATH,
  FEDERATION_ROUTE_KEY,
  FEDERATION_THROTTLE,
  INFERENCE_ROUTE_PATH,
  USER_ROUTE_PATH,
} from './api-defaults.js';

export interface ApiProps {
  readonly partyId: number;
  readonly userApi: IFunction;
  /** FATE-Serving's inference routes. */
  readonly inference: IFunction;
  readonly federation: IFunction;
  /** A custom domain and its ACM certificate (same region). @default - the execute-api URL only */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
}

/** The site's HTTP API: FATE-Flow's v1 routes under IAM auth, and the peers' signed federation route. */
export class Api extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  /** The base URL users and peers call (`https://…`, no trailing slash). */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `FATE-Flow party ${props.partyId}`,
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: ACCESS_LOG_RETENTION });
    const domainName =
      props.domain === undefined
        ? undefined
        : new DomainName(this, 'DomainName', {
            domainName: props.domain.name,
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
          });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: ACCESS_LOG_FORMAT },
      ...(domainName === undefined ? {} : { domainMapping: { domainName } }),
    });
    this.url = domainName === undefined ? this.httpApi.apiEndpoint : `https://${props.domain?.name}`;
    this.httpApi.addRoutes({
      path: USER_ROUTE_PATH,
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('UserApi', props.userApi),
      authorizer: new HttpIamAuthorizer(),
    });
    this.httpApi.addRoutes({
      path: INFERENCE_ROUTE_PATH,
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Inference', props.inference),
      authorizer: new HttpIamAuthorizer(),
    });
    const [federationRoute] = this.httpApi.addRoutes({
      path: FEDERATION_PATH,
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Federation', props.federation),
      authorizer: new HttpNoneAuthorizer(),
    });
    if (federationRoute !== undefined) {
      // Its own throttle (the stage's default covers the user routes); the route must exist first.
      const stage = this.stage.node.defaultChild as CfnStage;
      // A map of route keys the L1 passes as it is: CloudFormation's own property names.
      stage.routeSettings = {
        [FEDERATION_ROUTE_KEY]: {
          ThrottlingRateLimit: FEDERATION_THROTTLE.rateLimit,
          ThrottlingBurstLimit: FEDERATION_THROTTLE.burstLimit,
        },
      };
      stage.node.addDependency(federationRoute);
      acknowledgeRule(
        federationRoute,
        'AwsSolutions-APIG4',
        'Peers are other organisations without credentials in this account: the federation handler authenticates every call by its Ed25519 signature (Standard Webhooks v1a) from a registered peer key, with timestamp, destination and replay checks, before anything changes.',
      );
    }
  }
}
