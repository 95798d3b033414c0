import { ArnFormat, CfnOutput, Fn, Lazy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { LAMBDA_ENTRIES, type LambdaEntryName } from '../../functions/lambda/site-env.js';
import { Api } from '../constructs/api.js';
import { AppKeyApi } from '../constructs/app-key-api.js';
import { AppKeys } from '../constructs/app-keys.js';
import { Board } from '../constructs/board.js';
import { Federation } from '../constructs/federation.js';
import { FederationEdge } from '../constructs/federation-edge.js';
import { FUNCTION_PERMISSIONS, RUNNER_PERMISSIONS } from '../constructs/function-permissions.js';
import { Monitoring } from '../constructs/monitoring.js';
import { Network } from '../constructs/network.js';
import { Objects } from '../constructs/objects.js';
import { Runner } from '../constructs/runner.js';
import { Schedules } from '../constructs/schedules.js';
import { ServiceFunction } from '../constructs/service-function.js';
import {
  FIXED_NAME_FUNCTIONS,
  type FixedNameFunction,
  fixedFunctionName,
} from '../constructs/service-function-defaults.js';
import { grantPermissions, type SiteResources } from '../constructs/site-permissions.js';
import { Store } from '../constructs/store.js';
import { SiteUserPolicy } from '../constructs/user-policy.js';
import { Workflow } from '../constructs/workflow.js';
import { JobMachineArns } from '../constructs/workflow-access.js';
import { jobStateMachineName, STEP_FUNCTIONS } from '../constructs/workflow-defaults.js';
import { PROJECT_ROOT } from '../project-root.js';
import type { SiteSettings } from '../site-settings.js';
import { siteEnvironment } from './site-environment.js';

export interface SiteStackProps extends StackProps {
  readonly site: SiteSettings;
  /** Where the Lambda entries, the ASL file and runner/Dockerfile are found. @default PROJECT_ROOT */
  readonly projectRoot?: string;
}

/**
 * One party's site: store, objects, event bus, signing key, runner, the Lambda entry points,
 * the job workflow, the HTTP API and the schedules. Environment-agnostic (no lookups), so it
 * synthesizes offline and deploys into whichever account and region the CLI is pointed at.
 */
export class SiteStack extends Stack {
  public readonly store: Store;
  public readonly objects: Objects;
  public readonly bus: EventBus;
  public readonly federation: Federation;
  public readonly appKeys: AppKeys;
  public readonly network: Network;
  public readonly runner: Runner;
  public readonly functions: Readonly<Record<LambdaEntryName, ServiceFunction>>;
  public readonly workflow: Workflow;
  public readonly api: Api;
  /** The same user API for FATE's own client, under the app-key Lambda authorizer. */
  public readonly appKeyApi: AppKeyApi;
  /** WAF in front of the federation route, when the context sets federationWafRateLimit. */
  public readonly federationEdge: FederationEdge | undefined;
  public readonly schedules: Schedules;
  /** The board: pages behind CloudFront, Cognito sign-in, its own API under a JWT. */
  public readonly board: Board;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const { site } = props;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    Tags.of(this).add('fate-flow:party', String(site.partyId));

    this.store = new Store(this, 'Store');
    this.objects = new Objects(this, 'Objects');
    this.bus = new EventBus(this, 'Bus', { description: `FATE-Flow party ${site.partyId}: job and task events` });
    this.federation = new Federation(this, 'Federation', { partyId: site.partyId, peers: site.peers });
    this.appKeys = new AppKeys(this, 'AppKeys', { partyId: site.partyId });
    this.network = new Network(this, 'Network');
    this.runner = new Runner(this, 'Runner', { network: this.network, projectRoot });
    const stateMachineName = jobStateMachineName(site.partyId);
    const machine = new JobMachineArns(this, stateMachineName);
    // The functions others call (runners; every function, `federation`): ARNs from fixed names,
    // since every function's environment holds them.
    const fixedName = Object.fromEntries(
      FIXED_NAME_FUNCTIONS.map((entry) => {
        const name = fixedFunctionName(site.partyId, entry);
        const arn = this.formatArn({
          service: 'lambda',
          resource: 'function',
          resourceName: name,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        return [entry, { name, arn }];
      }),
    ) as Record<FixedNameFunction, { readonly name: string; readonly arn: string }>;

    // The board's page is the default board URL; the board is built after the functions its API
    // routes to, so the value is read once it exists (at synthesis).
    let board: Board | undefined;
    const environment = siteEnvironment({
      partyId: String(site.partyId),
      tableName: this.store.table.tableName,
      bucket: this.objects.bucket.bucketName,
      eventBusName: this.bus.eventBusName,
      stateMachineArn: machine.stateMachineArn,
      cluster: this.runner.cluster.clusterArn,
      taskDefinition: this.runner.taskDefinition.taskDefinitionArn,
      subnets: Fn.join(',', this.network.runnerSubnetIds),
      securityGroups: this.network.securityGroup.securityGroupId,
      signingKeySecretArn: this.federation.signingKey.secretArn,
      peers: this.federation.peersJson,
      poolCores: String(site.poolCores),
      poolMemory: String(site.poolMemory),
      peerResourceShare: String(site.peerResourceShare),
      permissionCheck: String(site.permissionCheck),
      boardUrl: site.boardUrl ?? Lazy.string({ produce: () => board?.url }),
      delegationFunctionArn: fixedName.delegation.arn,
      runnerOutboxFunctionArn: fixedName.runnerOutbox.arn,
      federationFunctionArn: fixedName.federation.arn,
      runnerLogGroup: this.runner.logGroup.logGroupName,
      appKeysSecretArn: this.appKeys.secret.secretArn,
    });
    const resources: SiteResources = {
      partyId: site.partyId,
      table: this.store.table,
      bucket: this.objects.bucket,
      signingKey: this.federation.signingKey,
      appKeys: this.appKeys.secret,
      bus: this.bus,
      runner: this.runner,
      machine,
      functionArns: {
        federation: fixedName.federation.arn,
        delegation: fixedName.delegation.arn,
        runnerOutbox: fixedName.runnerOutbox.arn,
      },
    };

    const functions: Partial<Record<LambdaEntryName, ServiceFunction>> = {};
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaEntryName[]) {
      const fixed = (FIXED_NAME_FUNCTIONS as readonly LambdaEntryName[]).includes(name)
        ? fixedName[name as FixedNameFunction].name
        : undefined;
      const fn = new ServiceFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}Function`, {
        entry: name,
        projectRoot,
        environment,
        ...(fixed === undefined ? {} : { functionName: fixed }),
      });
      // Each function gets only what its own code paths call (function-permissions.ts says which and why).
      grantPermissions(fn.role, FUNCTION_PERMISSIONS[name], resources);
      functions[name] = fn;
    }
    this.functions = functions as Record<LambdaEntryName, ServiceFunction>;
    // The runner writes its task's items and objects, reads what its component needs, and calls the
    // two functions above: it never reads the signing key and has no route to the internet.
    grantPermissions(this.runner.taskDefinition.taskRole, RUNNER_PERMISSIONS, resources);

    this.workflow = new Workflow(this, 'Workflow', {
      stateMachineName,
      projectRoot,
      steps: {
        LoadPlanFunctionArn: this.functions[STEP_FUNCTIONS.LoadPlanFunctionArn].function,
        RunComponentFunctionArn: this.functions[STEP_FUNCTIONS.RunComponentFunctionArn].function,
        FinishJobFunctionArn: this.functions[STEP_FUNCTIONS.FinishJobFunctionArn].function,
        FailJobFunctionArn: this.functions[STEP_FUNCTIONS.FailJobFunctionArn].function,
      },
    });
    const api = new Api(this, 'Api', {
      partyId: site.partyId,
      userApi: this.functions.api.function,
      inference: this.functions.inference.function,
      federation: this.functions.federation.function,
      ...(site.domain === undefined ? {} : { domain: site.domain }),
    });
    this.api = api;
    board = new Board(this, 'Board', { partyId: site.partyId, userApi: this.functions.api.function, projectRoot });
    this.board = board;
    this.appKeyApi = new AppKeyApi(this, 'AppKeyApi', {
      partyId: site.partyId,
      userApi: this.functions.api.function,
      authorizer: this.functions.appKeyAuthorizer.function,
    });
    this.federationEdge =
      site.federationWafRateLimit === undefined
        ? undefined
        : new FederationEdge(this, 'FederationEdge', {
            partyId: site.partyId,
            httpApi: api.httpApi,
            rateLimit: site.federationWafRateLimit,
          });
    this.schedules = new Schedules(this, 'Schedules', {
      partyId: site.partyId,
      bus: this.bus,
      clusterArn: this.runner.cluster.clusterArn,
      scheduler: this.functions.scheduler.function,
      detector: this.functions.detector.function,
      taskExits: this.functions.taskExits.function,
    });

    const monitoring = new Monitoring(this, 'Monitoring', {
      partyId: site.partyId,
      functions: Object.fromEntries(Object.entries(this.functions).map(([name, fn]) => [name, fn.function])),
      stateMachine: this.workflow.stateMachine,
      runnerLogs: this.runner.logGroup,
      federationLogs: this.functions.federation.logGroup,
      apiId: api.httpApi.apiId,
      ...(site.alarmEmail === undefined ? {} : { alarmEmail: site.alarmEmail }),
    });
    monitoring.notifyAll(this);
    const users = new SiteUserPolicy(this, 'Users', { partyId: site.partyId, apiId: api.httpApi.apiId });

    new CfnOutput(this, 'ApiUrl', {
      value: api.url,
      description: "The site's API: `flow init` and the peers' endpoint",
    });
    if (this.federationEdge !== undefined) {
      new CfnOutput(this, 'FederationEndpoint', {
        value: this.federationEdge.url,
        description: "The peers' endpoint for this site: the federation route behind WAF",
      });
    }
    new CfnOutput(this, 'AppKeyApiUrl', {
      value: this.appKeyApi.url,
      description: "The site's API for FATE's own client, signed with an app key from the AppKeysSecretArn secret",
    });
    new CfnOutput(this, 'AppKeysSecretArn', {
      value: this.appKeys.secret.secretArn,
      description: 'The app keys FATE\'s client signs with: JSON {"<app key>": "<secret key>"}',
    });
    new CfnOutput(this, 'UserPolicyArn', {
      value: users.policy.managedPolicyArn,
      description: "Attach to the IAM users or roles who call this site's API with `flow` (SigV4)",
    });
    new CfnOutput(this, 'BoardUrl', {
      value: board.url,
      description: 'The board: sign in as a user of BoardUserPoolId (infra/README.md, "The board")',
    });
    new CfnOutput(this, 'BoardUserPoolId', {
      value: board.signIn.userPool.userPoolId,
      description: "The board's people: aws cognito-idp admin-create-user --user-pool-id <this> --username <e-mail>",
    });
    new CfnOutput(this, 'SigningKeySecretArn', { value: this.federation.signingKey.secretArn });
    new CfnOutput(this, 'StateMachineArn', { value: machine.stateMachineArn });
  }
}
