import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { RUNNER_WRITTEN_ATTRIBUTES } from '../../functions/adapters/dynamodb/runner-writes.js';
import type { LambdaEntryName } from '../../functions/lambda/site-env.js';
import { SITE_ENV } from '../../functions/lambda/site-env.js';
import {
  asList,
  environmentOf,
  flatten,
  type PolicyStatementJson,
  type Resources,
  removeAssemblies,
  roleActions,
  roleStatements,
  type SynthesizedSite,
  sharedSite,
  synthesizeSite,
} from './site-template.js';

/**
 * Issue #10's least privilege, read off the synthesized template: each role's exact actions, the
 * partitions and attributes its DynamoDB grants allow, the runners' network, the API's throttles.
 * Read off the one synthesis the infra suites share (site.test.ts runs them).
 */
let synthesized: SynthesizedSite;
let template: Template;

beforeAll(() => {
  synthesized = sharedSite();
  template = synthesized.template;
});

afterAll(removeAssemblies);

const logicalId = (role: CfnRole | undefined) => synthesized.stack.getLogicalId(role as CfnRole);
const functionRole = (name: LambdaEntryName) =>
  logicalId(synthesized.stack.functions[name].role.node.defaultChild as CfnRole);
const runnerRole = () => logicalId(synthesized.stack.runner.taskDefinition.taskRole.node.defaultChild as CfnRole);

/** What every function has for its own log group and X-Ray, whatever it does. */
const BASE = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const READS_KEY = ['secretsmanager:GetSecretValue'];
const LAUNCHES = ['ecs:RunTask', 'iam:PassRole'];
const STOPS = ['ecs:ListTasks', 'ecs:StopTask'];
const SETTLES = ['states:SendTaskFailure', 'states:SendTaskSuccess'];
const READS = ['dynamodb:GetItem', 'dynamodb:Query'];
const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

const INVOKES = ['lambda:InvokeFunction'];

/** Each role's allowed actions, exactly: any action added to a role fails here until it is listed. */
const EXPECTED_ACTIONS: Record<LambdaEntryName | 'runner', string[]> = {
  api: [
    ...BASE,
    ...READS,
    ...WRITES,
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DeleteItem',
    's3:DeleteObject',
    's3:GetObject',
    's3:ListBucket',
    's3:PutObject',
    ...READS_KEY,
    'secretsmanager:PutSecretValue',
    'events:PutEvents',
    // `job stop` at a party that did not initiate the job kills its own running tasks.
    ...STOPS,
    'states:StopExecution',
    ...INVOKES,
    // `job log` in AWS: the runners' lines in their log group.
    'logs:FilterLogEvents',
  ],
  // Reads the app keys, nothing else.
  appKeyAuthorizer: [...BASE, ...READS_KEY],
  federation: [
    ...BASE,
    ...READS,
    ...WRITES,
    // A transferred part's admission: two items of the job and transfer partitions in one read.
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    // model.infer at a host reads its component models and feature table (read only).
    's3:GetObject',
    's3:ListBucket',
    ...READS_KEY,
    'events:PutEvents',
    ...LAUNCHES,
    ...STOPS,
    // job.party.stop: the initiator stops the job's workflow when a party stopped its part.
    'states:StopExecution',
    ...SETTLES,
  ],
  inference: [...BASE, ...READS, 's3:GetObject', 's3:ListBucket', ...READS_KEY, ...INVOKES],
  loadPlan: [...BASE, 'dynamodb:Query'],
  runComponent: [...BASE, ...READS, 'dynamodb:UpdateItem', ...READS_KEY, ...INVOKES, ...SETTLES],
  finishJob: [...BASE, ...READS, 'dynamodb:UpdateItem', ...READS_KEY, ...INVOKES, 'events:PutEvents'],
  failJob: [...BASE, ...READS, 'dynamodb:UpdateItem', ...READS_KEY, ...INVOKES, 'events:PutEvents'],
  scheduler: [
    ...BASE,
    ...READS,
    ...WRITES,
    'dynamodb:Query',
    ...READS_KEY,
    ...INVOKES,
    'events:PutEvents',
    'states:StartExecution',
  ],
  detector: [
    ...BASE,
    ...READS,
    'dynamodb:UpdateItem',
    ...READS_KEY,
    ...INVOKES,
    'events:PutEvents',
    // Its sweep checks and kills this party's own runners; it never starts one.
    ...STOPS,
    'states:StopExecution',
  ],
  taskExits: [...BASE, ...READS, 'dynamodb:UpdateItem', ...READS_KEY, ...INVOKES],
  delegation: [...BASE, 'dynamodb:GetItem', 'dynamodb:UpdateItem', ...READS_KEY],
  runnerOutbox: [...BASE, 'dynamodb:GetItem', 'events:PutEvents'],
  runner: [...READS, 'dynamodb:BatchGetItem', ...WRITES, 'lambda:InvokeFunction', 's3:GetObject', 's3:PutObject'],
};

/** The one function that both reads the signing key and starts runners: it receives `task.start` and signs its reports. */
const READS_KEY_AND_LAUNCHES = ['federation'];

/** The table statements of a role, as [actions, partitions] pairs. */
function tablePartitions(statements: PolicyStatementJson[]): [string[], string[]][] {
  return statements
    .filter((statement) =>
      asList(statement.Resource).some((resource) => /^<StoreTable\w+\.Arn>$/.test(flatten(resource))),
    )
    .map((statement) => [
      asList(statement.Action).sort(),
      (statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[] | undefined) ?? [],
    ]);
}

describe("each role's actions", () => {
  it.each(Object.keys(EXPECTED_ACTIONS) as (LambdaEntryName | 'runner')[])('%s: exactly the listed set', (name) => {
    const role = name === 'runner' ? runnerRole() : functionRole(name);
    expect(roleActions(template, role)).toEqual([...new Set(EXPECTED_ACTIONS[name])].sort());
  });

  it('gives the internet-facing federation function no Scan, delete, object write, key-write or workflow-start action', () => {
    const actions = roleActions(template, functionRole('federation'));
    for (const action of [
      'dynamodb:Scan',
      'dynamodb:DeleteItem',
      'secretsmanager:PutSecretValue',
      'states:StartExecution',
    ]) {
      expect(actions).not.toContain(action);
    }
    // Reads only: a host's model and feature table for model.infer (function-permissions.ts).
    expect(actions.filter((action) => action.startsWith('s3:'))).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  it('lets only the functions listed here both read the signing key and launch runners', () => {
    const both = (Object.keys(synthesized.stack.functions) as LambdaEntryName[]).filter((name) => {
      const actions = roleActions(template, functionRole(name));
      return actions.includes('secretsmanager:GetSecretValue') && actions.includes('ecs:RunTask');
    });
    expect(both.sort()).toEqual(READS_KEY_AND_LAUNCHES);
  });

  it("lets every function but federation hand this site's own messages to federation, and nothing else invoke a function", () => {
    const federationArn =
      'arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:fate-flow-9999-federation';
    const invoked = Object.fromEntries(
      (Object.keys(synthesized.stack.functions) as LambdaEntryName[]).map((name) => [
        name,
        roleStatements(template, functionRole(name))
          .filter((statement) => asList(statement.Action).includes('lambda:InvokeFunction'))
          .flatMap((statement) => asList(statement.Resource).map(flatten)),
      ]),
    );
    const senders = ['api', 'inference', 'runComponent', 'finishJob', 'failJob', 'scheduler', 'detector', 'taskExits'];
    expect(invoked).toEqual(
      Object.fromEntries(Object.keys(invoked).map((name) => [name, senders.includes(name) ? [federationArn] : []])),
    );
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'fate-flow-9999-federation' });
    expect(flatten(environmentOf(synthesized, 'detector')[SITE_ENV.federationFunctionArn])).toBe(federationArn);
  });
});

describe("the app keys and the runners' logs", () => {
  const resourcesOf = (name: LambdaEntryName, action: string) =>
    roleStatements(template, functionRole(name))
      .filter((statement) => asList(statement.Action).includes(action))
      .flatMap((statement) => asList(statement.Resource).map(flatten));
  const appKeysSecret = () =>
    `<${synthesized.stack.getLogicalId(synthesized.stack.appKeys.secret.node.defaultChild as CfnSecret)}>`;

  it('lets the authorizer read the app-key secret and nothing else, the signing key least of all', () => {
    expect(resourcesOf('appKeyAuthorizer', 'secretsmanager:GetSecretValue')).toEqual([appKeysSecret()]);
  });

  it("lets only the API search the runners' log group, and nothing else there", () => {
    const searchers = (Object.keys(synthesized.stack.functions) as LambdaEntryName[]).filter(
      (name) => resourcesOf(name, 'logs:FilterLogEvents').length > 0,
    );
    expect(searchers).toEqual(['api']);
    const runnerLogs = synthesized.stack.getLogicalId(
      synthesized.stack.runner.logGroup.node.defaultChild as CfnLogGroup,
    );
    expect(resourcesOf('api', 'logs:FilterLogEvents')).toEqual([`<${runnerLogs}.Arn>`]);
  });
});

describe('DynamoDB partitions (dynamodb:LeadingKeys)', () => {
  it('bounds every table statement of every role to named partitions, and no role may Scan', () => {
    const roles = [...(Object.keys(synthesized.stack.functions) as LambdaEntryName[]).map(functionRole), runnerRole()];
    let checked = 0;
    for (const role of roles) {
      for (const [actions, partitions] of tablePartitions(roleStatements(template, role))) {
        expect(actions).not.toContain('dynamodb:Scan');
        expect(partitions.length).toBeGreaterThan(0);
        checked += 1;
      }
    }
    // A template the statement filter no longer matches must not pass by checking nothing.
    expect(checked).toBeGreaterThan(roles.length);
  });

  it('lets the federation function read and write only what receiving needs', () => {
    expect(tablePartitions(roleStatements(template, functionRole('federation')))).toEqual([
      [READS, ['JOB#*', 'POOL#*', 'PARTIES', 'GRANT#*', 'TRANSFER#*', 'MESSAGE#*', 'TABLE#*', 'SERVICE#*']],
      // Batch reads only where a transfer's admission reads: no more than GetItem reads there.
      [['dynamodb:BatchGetItem'], ['JOB#*', 'TRANSFER#*']],
      [WRITES, ['JOB#*', 'POOL#*', 'TRANSFER#*', 'WEBHOOK#*', 'MESSAGE#*', 'DELEGATION#*']],
      [['dynamodb:UpdateItem'], ['PARTIES']],
      [['dynamodb:BatchWriteItem'], ['JOB#*']],
    ]);
    // In the registry, only a verified sender's last contact: never its keys or endpoint.
    const contact = roleStatements(template, functionRole('federation')).find((statement) =>
      tablePartitions([statement]).some(
        ([, partitions]) => partitions.includes('PARTIES') && !partitions.includes('JOB#*'),
      ),
    );
    expect(asList(contact?.Action ?? [])).toEqual(['dynamodb:UpdateItem']);
    expect(contact?.Condition?.['ForAllValues:StringEquals']).toEqual({
      'dynamodb:Attributes': ['PK', 'SK', 'lastContact'],
    });
  });

  it('lets the runner write only job and transfer items, and only the attributes of its task, outputs, metrics and transfers', () => {
    const statements = roleStatements(template, runnerRole());
    expect(tablePartitions(statements)).toEqual([
      [READS, ['JOB#*', 'TRANSFER#*', 'TABLE#*', 'PARTIES']],
      [['dynamodb:BatchGetItem'], ['JOB#*', 'TRANSFER#*']],
      [WRITES, ['JOB#*', 'TRANSFER#*']],
    ]);
    const write = statements.find((statement) => asList(statement.Action).includes('dynamodb:PutItem'));
    expect(write?.Condition?.['ForAllValues:StringEquals']).toEqual({
      'dynamodb:Attributes': [...RUNNER_WRITTEN_ATTRIBUTES],
    });
    for (const attribute of [
      'status',
      'roles',
      'initiatorPartyId',
      'workerId',
      'publicKeys',
      'remainingCores',
      'grants',
    ]) {
      expect(RUNNER_WRITTEN_ATTRIBUTES).not.toContain(attribute);
    }
  });

  it('gives the registry to writers of it only: the API and the scheduler (the stack peers at cold start); federation writes last contacts only', () => {
    const writers = (Object.keys(synthesized.stack.functions) as LambdaEntryName[]).filter((name) =>
      roleStatements(template, functionRole(name))
        .filter((statement) => statement.Condition?.['ForAllValues:StringEquals'] === undefined)
        .some((statement) =>
          tablePartitions([statement]).some(
            ([actions, partitions]) =>
              partitions.includes('PARTIES') && actions.some((action) => !READS.includes(action)),
          ),
        ),
    );
    expect(writers.sort()).toEqual(['api', 'scheduler']);
  });
});

describe("the runner's other grants", () => {
  it('reads and writes objects only under outputs/ (and reads uploaded tables and imported models), and invokes only its two functions', () => {
    const statements = roleStatements(template, runnerRole());
    const s3 = statements
      .filter((statement) => asList(statement.Action).some((action) => action.startsWith('s3:')))
      .map((statement) => [asList(statement.Action), asList(statement.Resource).map(flatten)]);
    expect(s3).toEqual([
      [
        ['s3:GetObject'],
        [
          expect.stringMatching(/\/outputs\/\*$/),
          expect.stringMatching(/\/tables\/\*$/),
          expect.stringMatching(/\/models\/\*$/),
        ],
      ],
      [['s3:PutObject'], [expect.stringMatching(/\/outputs\/\*$/)]],
    ]);
    const invoke = statements.find((statement) => asList(statement.Action).includes('lambda:InvokeFunction'));
    expect(asList(invoke?.Resource).map(flatten)).toEqual([
      'arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:fate-flow-9999-delegation',
      'arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:fate-flow-9999-runner-outbox',
    ]);
  });

  it("names the two functions as the functions' environment does, so runners are told where to call", () => {
    const variables = environmentOf(synthesized, 'runComponent');
    expect(flatten(variables[SITE_ENV.delegationFunctionArn])).toBe(
      'arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:fate-flow-9999-delegation',
    );
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'fate-flow-9999-delegation' });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'fate-flow-9999-runner-outbox' });
  });
});

describe("the runners' network", () => {
  const NAMED_ENDPOINTS = {
    Gateway: ['dynamodb', 's3'],
    Interface: ['ecr.api', 'ecr.dkr', 'lambda', 'logs'],
  };

  it('has no route to 0.0.0.0/0 (or ::/0): no internet gateway, no NAT, no egress-only gateway', () => {
    for (const type of [
      'AWS::EC2::InternetGateway',
      'AWS::EC2::VPCGatewayAttachment',
      'AWS::EC2::NatGateway',
      'AWS::EC2::EgressOnlyInternetGateway',
      'AWS::EC2::TransitGatewayAttachment',
      'AWS::EC2::VPCPeeringConnection',
    ]) {
      template.resourceCountIs(type, 0);
    }
    const routes = Object.values(template.findResources('AWS::EC2::Route') as Resources);
    expect(routes.map((route) => route.Properties)).toEqual([]);
  });

  it('reaches AWS only through the endpoints named here: gateway S3 and DynamoDB; interface ECR, Logs and Lambda', () => {
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint') as Resources);
    const byType: Record<string, string[]> = {};
    for (const endpoint of endpoints) {
      const type = String(endpoint.Properties.VpcEndpointType);
      const service = flatten(endpoint.Properties.ServiceName).replace('com.amazonaws.<AWS::Region>.', '');
      byType[type] = [...(byType[type] ?? []), service].sort();
    }
    expect(byType).toEqual(NAMED_ENDPOINTS);
    for (const endpoint of endpoints.filter((e) => e.Properties.VpcEndpointType === 'Interface')) {
      expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
      // One AZ's subnet: 4 endpoints × $7.30 a month rather than 8 × (docs/cost.md).
      expect(endpoint.Properties.SubnetIds).toHaveLength(1);
    }
  });

  it('places runners in the isolated subnets, which give no public IP', () => {
    const subnets = Object.entries(template.findResources('AWS::EC2::Subnet') as Resources);
    expect(subnets).toHaveLength(2);
    for (const [, subnet] of subnets) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    const placed = flatten(environmentOf(synthesized, 'federation')[SITE_ENV.subnets]);
    expect(placed.split(',').sort()).toEqual(subnets.map(([id]) => `<${id}>`).sort());
  });

  it("lets nothing into the runners, and only the runners' HTTPS into the endpoints", () => {
    const network = synthesized.stack.network;
    const runnerGroup = synthesized.stack.getLogicalId(network.securityGroup.node.defaultChild as never);
    const endpointGroup = synthesized.stack.getLogicalId(network.endpointSecurityGroup.node.defaultChild as never);
    const groups = template.findResources('AWS::EC2::SecurityGroup') as Resources;
    expect(Object.keys(groups).sort()).toEqual([endpointGroup, runnerGroup].sort());
    expect(groups[runnerGroup]?.Properties.SecurityGroupIngress).toBeUndefined();
    expect(groups[runnerGroup]?.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress') as Resources);
    expect(ingress.map((rule) => rule.Properties)).toEqual([
      expect.objectContaining({
        GroupId: { 'Fn::GetAtt': [endpointGroup, 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [runnerGroup, 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      }),
    ]);
  });
});

describe("the API's throttles", () => {
  it('throttles the federation route on its own, apart from the user routes', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      RouteSettings: {
        'POST /v1/federation': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      },
    });
  });

  it("has no WAF, and no CloudFront but the board's, unless the context asks for them (WAF costs while idle)", () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });

  it('puts the federation route behind CloudFront with a per-IP WAF rate rule when federationWafRateLimit is set', () => {
    const edge = synthesizeSite(9999, { bundling: false, overrides: { federationWafRateLimit: 2000 } }).template;
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } },
        }),
      ],
    });
    const acls = Object.keys(edge.findResources('AWS::WAFv2::WebACL'));
    edge.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [acls[0], 'Arn'] } }),
    });
    edge.hasOutput('FederationEndpoint', {});
    const rules = edge.toJSON().Rules as Record<string, { Assertions: { Assert: unknown }[] }>;
    const region = Object.entries(rules).filter(([id]) => id.startsWith('FederationEdgeInUsEast1'));
    expect(region.map(([, rule]) => rule.Assertions.map((assertion) => assertion.Assert))).toEqual([
      [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }],
    ]);
  });
});
