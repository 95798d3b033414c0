import { Duration } from 'aws-cdk-lib';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { OAuthScope, type PasswordPolicy } from 'aws-cdk-lib/aws-cognito';

/** The board's route on its own HTTP API: every v1 route, as the users' API has it, under a JWT. */
export const BOARD_ROUTE_PATH = '/v1/{proxy+}';

/** Where CloudFront sends the board's API calls (same origin as the pages, so no CORS). */
export const BOARD_API_BEHAVIOR = '/v1/*';

/** The page the distribution answers for `/`, and the runtime settings beside it. */
export const BOARD_INDEX = 'index.html';
export const BOARD_CONFIG_FILE = 'config.json';

/** Changed at every deploy: invalidated then, so a browser gets the new bundle's names at once. */
export const BOARD_INVALIDATED_PATHS = [`/${BOARD_INDEX}`, `/${BOARD_CONFIG_FILE}`];

/** The board reads jobs and starts, stops and reruns them: a person's sign-in, not an app's. */
export const BOARD_SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];

/**
 * A page's calls carry the access token an hour; the refresh token keeps a working day signed in
 * without storing a password anywhere.
 */
export const BOARD_TOKEN_VALIDITY = {
  accessTokenValidity: Duration.hours(1),
  idTokenValidity: Duration.hours(1),
  refreshTokenValidity: Duration.hours(12),
} as const;

/** NIST-style length over composition rules, plus the classes cdk-nag (COG1) asks for. */
export const BOARD_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 14,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
};

/** A person's few requests a second (polling every 1–2 s per open page), far below the users' API. */
export const BOARD_API_THROTTLE: ThrottleSettings = { rateLimit: 20, burstLimit: 40 };

/**
 * The hosted sign-in's domain prefix: unique per region across every AWS account, so the account id
 * is part of it (Cognito refuses prefixes containing "aws", "amazon" or "cognito").
 */
export function boardDomainPrefix(partyId: number, accountId: string): string {
  return `fate-flow-${partyId}-${accountId}`;
}

/**
 * What the board's page reads from `config.json` before its first call: where to send its API calls
 * (the distribution itself) and how to sign a person in (Cognito's hosted UI, OAuth 2.0
 * authorization code with PKCE, a public client without a secret).
 */
export interface BoardRuntimeConfig {
  readonly partyId: number;
  /** The API's base URL, no trailing slash: calls go to `<apiUrl>/v1/…` with `Authorization: Bearer <access token>`. */
  readonly apiUrl: string;
  readonly signIn: {
    /** `https://<prefix>.auth.<region>.amazoncognito.com`: `/oauth2/authorize`, `/oauth2/token`, `/logout`. */
    readonly domain: string;
    readonly clientId: string;
    /** Where Cognito returns with the code: the board's own URL. */
    readonly redirectUri: string;
    readonly scopes: readonly string[];
  };
}
