import { Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ACCESS_LOG_RETENTION,
  API_THROTTLE,
  APP_KEY_ACCESS_LOG_FORMAT,
  APP_KEY_IDENTITY_SOURCE,
  USER_ROUTE_PATH,
} from './api-defaults.js';

export interface AppKeyApiProps {
  readonly partyId: number;
  readonly userApi: IFunction;
  readonly authorizer: IFunction;
}

/**
 * The user API for FATE's own client: the same routes and function as the IAM API, under a Lambda
 * authorizer that checks FATE's app-key signing headers. API Gateway gives a route one authorizer,
 * so SigV4 and app-key callers reach the site through two APIs (two URLs). No caching: every
 * request carries its own NONCE and TIMESTAMP, and the API checks each signature again over the
 * body and remembers its NONCE.
 */
export class AppKeyApi extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  public readonly url: string;

  constructor(scope: Construct, id: string, props: AppKeyApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `FATE-Flow party ${props.partyId}: FATE's client (app-key signing)`,
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: ACCESS_LOG_RETENTION });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: APP_KEY_ACCESS_LOG_FORMAT,
      },
    });
    this.url = this.httpApi.apiEndpoint;
    this.httpApi.addRoutes({
      path: USER_ROUTE_PATH,
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('UserApi', props.userApi),
      authorizer: new HttpLambdaAuthorizer('AppKeyAuthorizer', props.authorizer, {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: [...APP_KEY_IDENTITY_SOURCE],
        resultsCacheTtl: Duration.seconds(0),
      }),
    });
  }
}
