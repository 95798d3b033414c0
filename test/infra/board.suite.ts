import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { SITE_ENV } from '../../functions/lambda/site-env.js';
import { BOARD_CONFIG_FILE } from '../../infra/constructs/board-defaults.js';
import {
  asList,
  environmentOf,
  flatten,
  functionIds,
  type Resources,
  removeAssemblies,
  roleStatements,
  type SynthesizedSite,
  sharedSite,
} from './site-template.js';

let synthesized: SynthesizedSite;
let template: Template;

beforeAll(() => {
  synthesized = sharedSite();
  template = synthesized.template;
});

afterAll(removeAssemblies);

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  synthesized.stack.getLogicalId(construct.node.defaultChild as never);

describe("the board's hosting", () => {
  it('keeps the assets in a private bucket (all public access blocked, TLS only) read by CloudFront through OAC', () => {
    const bucketId = idOf(synthesized.stack.board.hosting.bucket);
    const distributionId = idOf(synthesized.stack.board.hosting.distribution);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    });
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toContain(bucketId);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    // The bucket policy lets CloudFront read, and only this distribution.
    const policies = template.findResources('AWS::S3::BucketPolicy') as Resources;
    const boardPolicy = Object.values(policies).find((p) => flatten(p.Properties.Bucket) === `<${bucketId}>`);
    const document = boardPolicy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] } | undefined;
    const statements = document?.Statement ?? [];
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]?.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0]?.Action).toBe('s3:GetObject');
    expect(
      flatten(
        (allows[0]?.Condition as { StringEquals?: Record<string, unknown> } | undefined)?.StringEquals?.[
          'AWS:SourceArn'
        ],
      ),
    ).toBe(`arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${distributionId}>`);
    expect(statements.filter((statement) => statement.Effect === 'Deny').map((s) => s.Condition)).toEqual([
      { Bool: { 'aws:SecureTransport': 'false' } },
    ]);
  });

  it("serves index.html at / and sends /v1/* uncached to the board's own API", () => {
    const distributions = template.findResources('AWS::CloudFront::Distribution') as Resources;
    const config = distributions[idOf(synthesized.stack.board.hosting.distribution)]?.Properties
      .DistributionConfig as Record<string, unknown>;
    expect(config.DefaultRootObject).toBe('index.html');
    expect((config.DefaultCacheBehavior as Record<string, unknown>).ViewerProtocolPolicy).toBe('redirect-to-https');
    const behaviors = config.CacheBehaviors as Record<string, unknown>[];
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/v1/*']);
    expect(behaviors[0]?.ViewerProtocolPolicy).toBe('https-only');
    // CachingDisabled, AllViewerExceptHostHeader (AWS-managed policy ids).
    expect(behaviors[0]?.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(behaviors[0]?.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    const origins = config.Origins as { Id: string; DomainName: unknown }[];
    const apiOrigin = origins.find((origin) => origin.Id === behaviors[0]?.TargetOriginId);
    expect(apiOrigin?.DomainName).toEqual({
      'Fn::Select': [
        2,
        { 'Fn::Split': ['/', { 'Fn::GetAtt': [idOf(synthesized.stack.board.api.httpApi), 'ApiEndpoint'] }] },
      ],
    });
  });

  it('deploys the built board and its config.json (API URL, sign-in domain, client id, redirect) to the bucket', () => {
    const deployments = template.findResources('Custom::CDKBucketDeployment') as Resources;
    expect(Object.keys(deployments)).toHaveLength(1);
    const deployment = Object.values(deployments)[0]?.Properties ?? {};
    expect(flatten(deployment.DestinationBucketName)).toBe(`<${idOf(synthesized.stack.board.hosting.bucket)}>`);
    expect(deployment.Prune).toBe(true);
    expect(deployment.RetainOnDelete).toBe(false);
    expect(deployment.DistributionPaths).toEqual(['/index.html', `/${BOARD_CONFIG_FILE}`]);
    const markers = JSON.stringify(deployment.SourceMarkers);
    const clientId = idOf(synthesized.stack.board.signIn.client);
    expect(markers).toContain(clientId);
    expect(markers).toContain(idOf(synthesized.stack.board.signIn.domain));
    expect((deployment.SourceObjectKeys as unknown[]).length).toBe(2);
  });
});

describe("the board's deployment role", () => {
  it('may read the staged asset zip, write the board bucket, invalidate the board distribution and log: nothing else', () => {
    const roleId = synthesized.stack.getLogicalId(synthesized.stack.board.deployment.role.node.defaultChild as never);
    const bucketId = idOf(synthesized.stack.board.hosting.bucket);
    const distributionId = idOf(synthesized.stack.board.hosting.distribution);
    const grants = roleStatements(template, roleId).map((statement) => [
      asList(statement.Action).sort().join(','),
      asList(statement.Resource as unknown)
        .map(flatten)
        .sort()
        .join(','),
    ]);
    expect(grants).toEqual([
      ['logs:CreateLogStream,logs:PutLogEvents', `<${idOf(synthesized.stack.board.deployment.logGroup)}.Arn>`],
      ['s3:GetObject', 'arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*'],
      ['s3:ListBucket', `<${bucketId}.Arn>`],
      ['s3:DeleteObject,s3:GetObject,s3:PutObject', `<${bucketId}.Arn>/*`],
      [
        'cloudfront:CreateInvalidation,cloudfront:GetInvalidation',
        `arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${distributionId}>`,
      ],
    ]);
  });
});

describe("the board's sign-in", () => {
  it('is a user pool without self sign-up, with a TOTP second factor and a 14-character password', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: 'fate-flow-9999-board',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14 }) },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['fate-flow-9999-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it("has one public client for the hosted UI's code flow, returning to the board's URL", () => {
    const distributionId = idOf(synthesized.stack.board.hosting.distribution);
    const clients = template.findResources('AWS::Cognito::UserPoolClient') as Resources;
    expect(Object.keys(clients)).toHaveLength(1);
    const client = Object.values(clients)[0]?.Properties ?? {};
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect((client.CallbackURLs as unknown[]).map(flatten)).toEqual([`https://<${distributionId}.DomainName>/`]);
    expect((client.LogoutURLs as unknown[]).map(flatten)).toEqual([`https://<${distributionId}.DomainName>/`]);
  });

  it("puts a JWT authorizer (the pool, the board's client) on every route of the board's API, to the users' API function", () => {
    const boardApiId = idOf(synthesized.stack.board.api.httpApi);
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer') as Resources;
    const jwt = Object.entries(authorizers).filter(([, a]) => a.Properties.AuthorizerType === 'JWT');
    expect(jwt).toHaveLength(1);
    const [authorizerId, authorizer] = jwt[0] ?? [];
    expect(flatten(authorizer?.Properties.ApiId)).toBe(`<${boardApiId}>`);
    const jwtConfiguration = authorizer?.Properties.JwtConfiguration as { Audience: unknown[]; Issuer: unknown };
    expect(jwtConfiguration.Audience.map(flatten)).toEqual([`<${idOf(synthesized.stack.board.signIn.client)}>`]);
    expect(flatten(jwtConfiguration.Issuer)).toBe(
      `https://cognito-idp.<AWS::Region>.amazonaws.com/<${idOf(synthesized.stack.board.signIn.userPool)}>`,
    );
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Resources).filter(
      (route) => flatten(route.Properties.ApiId) === `<${boardApiId}>`,
    );
    expect(routes.map((route) => [route.Properties.RouteKey, route.Properties.AuthorizationType])).toEqual([
      ['ANY /v1/{proxy+}', 'JWT'],
    ]);
    expect(flatten(routes[0]?.Properties.AuthorizerId)).toBe(`<${authorizerId}>`);
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration') as Resources;
    const target = integrations[flatten(routes[0]?.Properties.Target).replace(/^integrations\/<(.*)>$/, '$1')];
    expect(flatten(target?.Properties.IntegrationUri)).toBe(`<${functionIds(synthesized).api}.Arn>`);
  });

  it("leaves the users' API's IAM routes as they were", () => {
    const usersApiId = idOf(synthesized.stack.api.httpApi);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Resources).filter(
      (route) => flatten(route.Properties.ApiId) === `<${usersApiId}>`,
    );
    expect(routes.map((route) => [route.Properties.RouteKey, route.Properties.AuthorizationType]).sort()).toEqual([
      ['ANY /v1/{proxy+}', 'AWS_IAM'],
      ['POST /federation/v1/{proxy+}', 'AWS_IAM'],
      ['POST /v1/federation', 'NONE'],
    ]);
  });
});

describe("the board's links and outputs", () => {
  it("makes the distribution's URL every function's board URL", () => {
    const distributionId = idOf(synthesized.stack.board.hosting.distribution);
    expect(flatten(environmentOf(synthesized, 'api')[SITE_ENV.boardUrl])).toBe(
      `https://<${distributionId}.DomainName>/`,
    );
  });

  it('outputs the board URL and the user pool people are added to', () => {
    const outputs = template.findOutputs('*');
    expect(flatten(outputs.BoardUrl?.Value)).toBe(
      `https://<${idOf(synthesized.stack.board.hosting.distribution)}.DomainName>/`,
    );
    expect(flatten(outputs.BoardUserPoolId?.Value)).toBe(`<${idOf(synthesized.stack.board.signIn.userPool)}>`);
  });
});
