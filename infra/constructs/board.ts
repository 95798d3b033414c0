import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { BoardApi } from './board-api.js';
import { boardAssets } from './board-assets.js';
import { BOARD_CONFIG_FILE, BOARD_SCOPES, type BoardRuntimeConfig } from './board-defaults.js';
import { acknowledgeDeploymentRuntime, BoardDeployment } from './board-deployment.js';
import { BoardHosting } from './board-hosting.js';
import { BoardSignIn } from './board-sign-in.js';

export interface BoardProps {
  readonly partyId: number;
  /** The users' API function, which the board's calls reach too. */
  readonly userApi: IFunction;
  /** Where board/ and scripts/bundle-board.mjs are. */
  readonly projectRoot: string;
}

/**
 * The board in AWS: its pages from a private bucket behind CloudFront, its API calls through the
 * same distribution to an API of its own under a Cognito JWT, and `config.json` beside the pages
 * telling them both (BoardRuntimeConfig).
 */
export class Board extends Construct {
  public readonly api: BoardApi;
  public readonly hosting: BoardHosting;
  public readonly signIn: BoardSignIn;
  public readonly deployment: BoardDeployment;
  /** The board's page (`https://…/`): jobs are at `<url>#/job/<job id>`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: BoardProps) {
    super(scope, id);
    this.api = new BoardApi(this, 'Api', { partyId: props.partyId });
    this.hosting = new BoardHosting(this, 'Hosting', { partyId: props.partyId, boardApi: this.api.httpApi });
    this.url = this.hosting.url;
    this.signIn = new BoardSignIn(this, 'SignIn', { partyId: props.partyId, boardUrl: this.url });
    this.api.routeTo(props.userApi, this.signIn.userPool, this.signIn.client);
    const config: BoardRuntimeConfig = {
      partyId: props.partyId,
      apiUrl: this.hosting.apiUrl,
      signIn: {
        domain: this.signIn.domainUrl,
        clientId: this.signIn.client.userPoolClientId,
        redirectUri: this.url,
        scopes: BOARD_SCOPES.map((scope) => scope.scopeName),
      },
    };
    this.deployment = new BoardDeployment(this, 'Deployment', {
      sources: [boardAssets(props.projectRoot), Source.jsonData(BOARD_CONFIG_FILE, config)],
      bucket: this.hosting.bucket,
      distribution: this.hosting.distribution,
    });
    acknowledgeDeploymentRuntime(this.deployment.deployment);
  }
}
