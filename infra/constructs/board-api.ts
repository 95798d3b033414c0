import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ACCESS_LOG_FORMAT, ACCESS_LOG_RETENTION } from './api-defaults.js';
import { BOARD_API_THROTTLE, BOARD_ROUTE_PATH } from './board-defaults.js';

export interface BoardApiProps {
  readonly partyId: number;
}

/**
 * The board's way into the site's API: an HTTP API of its own whose v1 routes take the signed-in
 * person's Cognito token (a JWT authorizer checking issuer and client) instead of SigV4. A route is
 * one path with one authorizer, so the same `/v1/…` paths under a JWT need their own API; the users'
 * API and its IAM (and app-key) routes stay as they are, and the function is the same.
 */
export class BoardApi extends Construct {
  public readonly httpApi: HttpApi;
  public readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: BoardApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `FATE-Flow party ${props.partyId}: the board's calls (Cognito sign-in)`,
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: ACCESS_LOG_RETENTION });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: BOARD_API_THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: ACCESS_LOG_FORMAT },
    });
  }

  /**
   * The v1 routes, to the users' API function (the board calls the same FATE-Flow routes as `flow`),
   * for tokens the board's client obtained from the pool. Added once the pool exists: its client
   * names the board's URL, which is the distribution in front of this API.
   */
  routeTo(userApi: IFunction, userPool: UserPool, client: UserPoolClient): void {
    this.httpApi.addRoutes({
      path: BOARD_ROUTE_PATH,
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('UserApi', userApi),
      authorizer: new HttpUserPoolAuthorizer('BoardSignIn', userPool, { userPoolClients: [client] }),
    });
  }
}
