import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledgeRule } from './acknowledge.js';
import { BOARD_PASSWORD_POLICY, BOARD_SCOPES, BOARD_TOKEN_VALIDITY, boardDomainPrefix } from './board-defaults.js';

export interface BoardSignInProps {
  readonly partyId: number;
  /** The board's URL (`https://…/`): where Cognito returns after sign-in and sign-out. */
  readonly boardUrl: string;
}

/**
 * Who may open the board: a Cognito user pool of the site's people (created by an administrator,
 * no self sign-up, a password and a TOTP second factor), its hosted sign-in page, and the board's
 * public client (authorization code with PKCE: a page cannot keep a client secret).
 */
export class BoardSignIn extends Construct {
  public readonly userPool: UserPool;
  public readonly client: UserPoolClient;
  public readonly domain: UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  public readonly domainUrl: string;

  constructor(scope: Construct, id: string, props: BoardSignInProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `fate-flow-${props.partyId}-board`,
      featurePlan: FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: BOARD_PASSWORD_POLICY,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // People's sign-ins, not the parties' data: an administrator recreates them in minutes.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const rule of ['AwsSolutions-COG3', 'AwsSolutions-COG8']) {
      acknowledgeRule(
        this.userPool,
        rule,
        "Threat protection needs the Plus plan, billed per monthly active user; the pool has a handful of the site's own people, created by an administrator, with a 14-character password and a required TOTP factor.",
      );
    }
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: boardDomainPrefix(props.partyId, Aws.ACCOUNT_ID) },
    });
    this.domainUrl = this.domain.baseUrl();
    this.client = this.userPool.addClient('BoardClient', {
      userPoolClientName: 'board',
      generateSecret: false,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: BOARD_SCOPES,
        callbackUrls: [props.boardUrl],
        logoutUrls: [props.boardUrl],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      ...BOARD_TOKEN_VALIDITY,
    });
  }
}
