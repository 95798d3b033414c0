import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { CfnApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { CfnCluster } from 'aws-cdk-lib/aws-ecs';
import { RUNNER_CONTAINER_NAME } from '../../functions/adapters/launchers/ecs-task-launcher.js';
import { SITE_ENV } from '../../functions/lambda/site-env.js';
import {
  asList,
  environmentOf,
  flatten,
  functionIds,
  policyStatements,
  removeAssemblies,
  type SynthesizedSite,
  sharedSite,
  synthesizeSite,
} from './site-template.js';
import { allows, WILDCARD_ALLOW_LIST } from './wildcard-allow-list.js';

/**
 * How the site's parts are wired (network, runner, API, events, key, IAM). None of it depends on
 * the functions' code; read off the one synthesis the infra suites share (site.test.ts runs them).
 */
let synthesized: SynthesizedSite;
let template: Template;

beforeAll(() => {
  synthesized = sharedSite();
  template = synthesized.template;
});

afterAll(removeAssemblies);

describe('the runner', () => {
  it('runs the runner container on ARM64 Fargate, with no environment of its own', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({ Name: RUNNER_CONTAINER_NAME, Environment: Match.absent() })],
    });
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }],
    });
  });
});

describe('the API', () => {
  it('signs user and inference routes with IAM and leaves the federation route to the signature checks', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /v1/{proxy+}',
      AuthorizationType: 'AWS_IAM',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /federation/v1/{proxy+}',
      AuthorizationType: 'AWS_IAM',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /v1/federation',
      AuthorizationType: 'NONE',
    });
    // and the board's API's one route (board.suite.ts), and the app-key API's one (below).
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 5);
  });

  it("serves FATE's client on a second API whose every route goes through the app-key authorizer, uncached", () => {
    const authorizerFunction = functionIds(synthesized).appKeyAuthorizer;
    const appKeyApiId = synthesized.stack.getLogicalId(synthesized.stack.appKeyApi.httpApi.node.defaultChild as CfnApi);
    // The board's API has its JWT authorizer (board.suite.ts); these are the app-key API's.
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer', {
      Properties: { ApiId: { Ref: appKeyApiId } },
    });
    expect(Object.values(authorizers).map((resource) => resource.Properties)).toEqual([
      {
        ApiId: { Ref: appKeyApiId },
        AuthorizerType: 'REQUEST',
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        AuthorizerResultTtlInSeconds: 0,
        IdentitySource: ['$request.header.TIMESTAMP', '$request.header.NONCE', '$request.header.SIGNATURE'],
        AuthorizerUri: expect.anything(),
        Name: 'AppKeyAuthorizer',
      },
    ]);
    expect(flatten(Object.values(authorizers)[0]?.Properties.AuthorizerUri)).toContain(`<${authorizerFunction}.Arn>`);
    const [authorizerId] = Object.keys(authorizers);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /v1/{proxy+}',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizerId },
    });
    template.hasOutput('AppKeyApiUrl', Match.anyValue());
    template.hasOutput('AppKeysSecretArn', Match.anyValue());
  });

  it('serves the $default stage with access logs and throttling', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context\\.requestId"'),
      },
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: Match.anyValue(),
        ThrottlingBurstLimit: Match.anyValue(),
      }),
    });
  });

  it('maps a custom domain with its certificate when the context names one', () => {
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/example';
    const customSite = synthesizeSite(9999, {
      bundling: false,
      overrides: { domain: { name: 'flow.example.org', certificateArn } },
    });
    const custom = customSite.template;
    custom.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'flow.example.org',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn })],
    });
    custom.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    // The board is not on the API's domain: board_url stays the board's distribution.
    const distribution = customSite.stack.getLogicalId(
      customSite.stack.board.hosting.distribution.node.defaultChild as never,
    );
    expect(flatten(environmentOf(customSite, 'api')[SITE_ENV.boardUrl])).toBe(`https://<${distribution}.DomainName>/`);
  });
});

describe('the schedules and events', () => {
  it('sweeps every minute with the scheduler and the detector', () => {
    const ids = functionIds(synthesized);
    for (const name of ['scheduler', 'detector'] as const) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 minute)',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids[name], 'Arn'] } })],
      });
    }
  });

  it("wakes the scheduler on the site's JobSubmitted, JobFinished and ResourcesReturned", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: {
        source: ['fate-flow.9999'],
        'detail-type': ['JobSubmitted', 'JobFinished', 'ResourcesReturned'],
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionIds(synthesized).scheduler, 'Arn'] } })],
    });
  });

  it("hands a runner's TaskEnded (put on the site's bus by runnerOutbox) to taskExits, which reports the task at once", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: { source: ['fate-flow.9999'], 'detail-type': ['TaskEnded'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionIds(synthesized).taskExits, 'Arn'] } })],
    });
    const taskEnded = policyStatements(template).filter(({ statement }) =>
      asList(statement.Condition?.['ForAllValues:StringEquals']?.['events:detail-type'] ?? []).includes('TaskEnded'),
    );
    expect(taskEnded.map(({ policy }) => policy)).toEqual([expect.stringMatching(/^RunnerOutboxFunctionRole/)]);
    expect(taskEnded[0]?.statement.Condition?.['ForAllValues:StringEquals']).toEqual({
      'events:source': ['fate-flow.9999'],
      'events:detail-type': ['TaskEnded'],
    });
  });

  it("hands the default bus's STOPPED tasks of this cluster to taskExits", () => {
    const cluster = synthesized.stack.getLogicalId(synthesized.stack.runner.cluster.node.defaultChild as CfnCluster);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: {
        source: ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        detail: { clusterArn: [{ 'Fn::GetAtt': [cluster, 'Arn'] }], lastStatus: ['STOPPED'] },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionIds(synthesized).taskExits, 'Arn'] } })],
    });
  });
});

describe('the signing key', () => {
  it('is generated as a seed under AWS-managed encryption, kept, and not rotated by a Lambda', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: {
          SecretStringTemplate: '{}',
          GenerateStringKey: 'seed',
          ExcludePunctuation: true,
          PasswordLength: 64,
        },
        KmsKeyId: Match.absent(),
      }),
    });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });
});

describe('the IAM policies', () => {
  it('grant no wildcard action', () => {
    const wildcards = policyStatements(template)
      .flatMap(({ policy, statement }) => asList(statement.Action).map((action) => `${policy}: ${action}`))
      .filter((entry) => entry.includes('*'));
    expect(wildcards).toEqual([]);
  });

  it('grant a wildcard resource only as the allow-list says', () => {
    const unexpected: string[] = [];
    for (const { policy, statement } of policyStatements(template)) {
      for (const resource of asList(statement.Resource)
        .map(flatten)
        .filter((r) => r.includes('*'))) {
        const actions = asList(statement.Action);
        const entry = WILDCARD_ALLOW_LIST.find(
          (candidate) => candidate.resource.test(resource) && actions.every((a) => allows(candidate.actions, a)),
        );
        if (entry === undefined) unexpected.push(`${policy}: ${actions.join(',')} on ${resource}`);
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('bind ListTasks, RunTask and StopTask to the site cluster', () => {
    const ecs = policyStatements(template).filter(({ statement }) =>
      asList(statement.Action).some((action) => ['ecs:ListTasks', 'ecs:RunTask', 'ecs:StopTask'].includes(action)),
    );
    expect(ecs.length).toBeGreaterThan(0);
    for (const { statement } of ecs) expect(Object.keys(statement.Condition?.ArnEquals ?? {})).toEqual(['ecs:cluster']);
  });

  it('never let the runner read or write the signing key: it signs with a key delegated to its task', () => {
    const keyUsers = policyStatements(template)
      .filter(({ statement }) => asList(statement.Action).some((action) => action.startsWith('secretsmanager:')))
      .map(({ policy }) => policy);
    expect(keyUsers.length).toBeGreaterThan(0);
    expect(keyUsers.filter((policy) => /^RunnerTaskDefinition/.test(policy))).toEqual([]);
  });

  it('let only the API function write the signing key', () => {
    const writers = policyStatements(template)
      .filter(({ statement }) => asList(statement.Action).includes('secretsmanager:PutSecretValue'))
      .map(({ policy }) => policy);
    expect(writers).toHaveLength(1);
    expect(writers[0]).toMatch(/^ApiFunctionRole/);
  });
});
