import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createTableInput } from '../../functions/adapters/dynamodb/table-definition.js';
import {
  definitionPlaceholders,
  isJobDefinitionSubstitution,
  JOB_DEFINITION_FILE,
  JOB_DEFINITION_SUBSTITUTIONS,
  type JobDefinitionSubstitution,
  substituteDefinition,
} from '../../functions/adapters/workflow/job-definition.js';
import { readSiteEnv } from '../../functions/lambda/read-site-env.js';
import { LAMBDA_ENTRIES, type LambdaEntryName, SITE_ENV } from '../../functions/lambda/site-env.js';
import { UPLOAD_STAGING_PREFIX } from '../../infra/constructs/objects-defaults.js';
import { TTL_ATTRIBUTE } from '../../infra/constructs/store-defaults.js';
import { jobStateMachineName, STEP_FUNCTIONS } from '../../infra/constructs/workflow-defaults.js';
import { PROJECT_ROOT } from '../../infra/project-root.js';
import {
  environmentOf,
  flatten,
  functionIds,
  type Resources,
  removeAssemblies,
  type SynthesizedSite,
  sharedSite,
} from './site-template.js';

/** The table as the local runtime creates it on dynalite. */
const localTable = createTableInput('fate-flow');
let synthesized: SynthesizedSite;
let template: Template;

beforeAll(() => {
  synthesized = sharedSite();
  template = synthesized.template;
});

afterAll(removeAssemblies);

describe('the site stack under cdk-nag', () => {
  it('has no AwsSolutions error or warning left unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    const findings = report.violations.map(
      (violation) =>
        `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });
});

describe('the store', () => {
  it('is one on-demand table with PITR, TTL, deletion protection and the indexes of TABLE_DEFINITION', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        DeletionProtectionEnabled: true,
        // Exactly the keys and indexes the local store creates (dynalite), from the same definition.
        KeySchema: localTable.KeySchema,
        GlobalSecondaryIndexes: localTable.GlobalSecondaryIndexes,
      }),
    });
  });
});

describe('the objects bucket', () => {
  it('is encrypted with S3-managed keys, blocks public access and is retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    });
  });

  it('refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('aborts abandoned multipart uploads and expires staged uploads after a day', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
          Match.objectLike({ Prefix: UPLOAD_STAGING_PREFIX, ExpirationInDays: 1, Status: 'Enabled' }),
        ]),
      },
    });
  });
});

describe('the job workflow', () => {
  const definitionFile = join(PROJECT_ROOT, JOB_DEFINITION_FILE);

  it('substitutes exactly the placeholders of statemachines/job.asl.json, each with its step function', () => {
    const placeholders = new Set(definitionPlaceholders(readFileSync(definitionFile, 'utf8')));
    const machines = template.findResources('AWS::StepFunctions::StateMachine') as Resources;
    const [machine] = Object.values(machines);
    const substitutions = machine?.Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(new Set(Object.keys(substitutions))).toEqual(placeholders);
    expect(new Set(Object.keys(substitutions))).toEqual(new Set(JOB_DEFINITION_SUBSTITUTIONS));
    const ids = functionIds(synthesized);
    for (const name of JOB_DEFINITION_SUBSTITUTIONS) {
      expect(substitutions[name]).toEqual({ 'Fn::GetAtt': [ids[STEP_FUNCTIONS[name]], 'Arn'] });
    }
  });

  it('deploys the definition file unchanged, leaving only our placeholders for CloudFormation', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine') as Resources;
    const location = Object.values(machines)[0]?.Properties.DefinitionS3Location as { Key: string };
    const staged = readFileSync(join(synthesized.app.outdir, `asset.${location.Key}`), 'utf8');
    expect(staged).toBe(readFileSync(definitionFile, 'utf8'));
    const unknown = definitionPlaceholders(staged).filter((name) => !isJobDefinitionSubstitution(name));
    expect(unknown).toEqual([]);
  });

  it('leaves no placeholder once CloudFormation substitutes the function ARNs', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine') as Resources;
    const substitutions = Object.values(machines)[0]?.Properties.DefinitionSubstitutions as Record<string, unknown>;
    const values = Object.fromEntries(
      JOB_DEFINITION_SUBSTITUTIONS.map((name) => [name, flatten(substitutions[name])]),
    ) as Record<JobDefinitionSubstitution, string>;
    const deployed = substituteDefinition(readFileSync(definitionFile, 'utf8'), values);
    expect(deployed).not.toContain('${');
    const states = (JSON.parse(deployed) as { States: Record<string, { Parameters?: { FunctionName?: string } }> })
      .States;
    expect(states.LoadPlan?.Parameters?.FunctionName).toBe(`<${functionIds(synthesized).loadPlan}.Arn>`);
  });

  it('has a fixed name, logs every event and traces with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: jobStateMachineName(9999),
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('raises three alarms on the workflow: failed, timed-out and throttled executions', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).filter(
      (alarm) => alarm.Properties.Namespace === 'AWS/States',
    );
    expect(alarms.map((alarm) => alarm.Properties.MetricName).sort()).toEqual([
      'ExecutionThrottled',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/States', Statistic: 'Sum', Threshold: 1 });
      expect(alarm.Properties.Dimensions).toEqual([{ Name: 'StateMachineArn', Value: expect.anything() }]);
    }
  });
});

describe('monitoring', () => {
  const topicId = () => Object.keys(template.findResources('AWS::SNS::Topic'))[0] ?? '';

  it('has one alarm topic, which takes only TLS, and no subscription unless alarmEmail is given', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it("alarms on the functions' errors: every function in one of the sums, at the first error", () => {
    const sums = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).filter(
      (alarm) => alarm.Properties.Metrics !== undefined,
    );
    const summed = sums.flatMap((alarm) =>
      (
        alarm.Properties.Metrics as {
          MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: { Ref: string } }[] } };
        }[]
      )
        .filter((metric) => metric.MetricStat !== undefined)
        .map((metric) => {
          expect(metric.MetricStat?.Metric.MetricName).toBe('Errors');
          return metric.MetricStat?.Metric.Dimensions[0]?.Value.Ref;
        }),
    );
    expect(summed.sort()).toEqual(Object.values(functionIds(synthesized)).sort());
    for (const alarm of sums)
      expect(alarm.Properties).toMatchObject({ Threshold: 1, TreatMissingData: 'notBreaching' });
  });

  it('sends every alarm of the stack to the topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources);
    expect(alarms.length).toBe(3 + Math.ceil(Object.keys(functionIds(synthesized)).length / 10));
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId() }]);
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId() } });
  });

  it('has a dashboard of jobs by status, task durations, federation errors, function errors and throttles, workflow failures', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard') as Resources);
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe('fate-flow-9999');
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const title of [
      'Jobs by status (workflow executions)',
      'Workflow failures and job durations',
      'Task durations by component (runners)',
      'Federation errors (refused or failed calls)',
      'Function errors',
      'Function throttles',
    ]) {
      expect(body).toContain(title);
    }
  });

  it("outputs a managed policy for the site's users: execute-api:Invoke on the API's /v1 routes and POST to its inference routes, nothing else", () => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy') as Resources;
    const [id, policy] =
      Object.entries(policies).find(([, p]) => p.Properties.ManagedPolicyName === 'fate-flow-9999-users') ?? [];
    expect((policy?.Properties.PolicyDocument as { Statement: unknown } | undefined)?.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: [
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':execute-api:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':',
                { Ref: expect.stringMatching(/^ApiHttpApi/) },
                '/$default/*/v1/*',
              ],
            ],
          },
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':execute-api:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':',
                { Ref: expect.stringMatching(/^ApiHttpApi/) },
                '/$default/POST/federation/v1/*',
              ],
            ],
          },
        ],
      },
    ]);
    template.hasOutput('UserPolicyArn', { Value: { Ref: id } });
  });
});

describe('the functions', () => {
  it('are the LAMBDA_ENTRIES, on ARM64 and Node 22 or newer, each with its handler', () => {
    const ids = functionIds(synthesized);
    const functions = template.findResources('AWS::Lambda::Function') as Resources;
    // Besides the entries: CDK's function that copies the board's assets (board.suite.ts).
    const entries = Object.keys(functions).filter((id) => !id.startsWith('CustomCDKBucketDeployment'));
    expect(entries.sort()).toEqual(Object.values(ids).sort());
    expect(Object.keys(functions)).toHaveLength(entries.length + 1);
    for (const [name, id] of Object.entries(ids) as [LambdaEntryName, string][]) {
      const props = functions[id]?.Properties;
      expect(props?.Architectures).toEqual(['arm64']);
      expect(props?.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(props?.Handler).toBe(`index.${LAMBDA_ENTRIES[name].handler}`);
    }
  });

  it('get every SITE_ENV variable, with the state machine ARN built from its name', () => {
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaEntryName[]) {
      const variables = environmentOf(synthesized, name);
      expect(Object.keys(variables)).toEqual(expect.arrayContaining(Object.values(SITE_ENV)));
      expect(flatten(variables[SITE_ENV.stateMachineArn])).toBe(
        `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${jobStateMachineName(9999)}`,
      );
      expect(JSON.parse(String(variables[SITE_ENV.peers]))).toEqual(synthesized.site.peers);
    }
  });

  it('get an environment the Lambdas accept at cold start, once CloudFormation resolves it', () => {
    const variables = environmentOf(synthesized, 'api');
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': 'eu-west-1',
      'AWS::AccountId': '123456789012',
    };
    const resolved = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [
        name,
        // Each reference becomes a plausible value: pseudo parameters, an https URL for the API
        // endpoint, an id for any other resource.
        flatten(value).replace(/<([^>]+)>/g, (_match, ref: string) =>
          ref.endsWith('.ApiEndpoint') ? 'https://api.example.org' : (pseudo[ref] ?? `id-${ref.split('.')[0]}`),
        ),
      ]),
    );
    const config = readSiteEnv(resolved);
    expect(config.partyId).toBe(9999);
    expect(config.subnets).toHaveLength(2);
    expect(config.peers).toEqual(synthesized.site.peers);
  });

  it('answer the API within its 30-second integration timeout', () => {
    const ids = functionIds(synthesized);
    const functions = template.findResources('AWS::Lambda::Function') as Resources;
    for (const name of ['api', 'federation'] as const) {
      expect(functions[ids[name]]?.Properties.Timeout).toBeLessThanOrEqual(29);
    }
  });
});
