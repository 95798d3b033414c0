import { CfnOutput, Fn, Lazy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { LAMBDA_ENTRIES, type LambdaEntryName } from '../../functions/lambda/site-env.js';
import { Api } from '../constructs/api.js';
import { Federation } from '../constructs/federation.js';
import { Network } from '../constructs/network.js';
import { Objects } from '../constructs/objects.js';
import { Runner } from '../constructs/runner.js';
import { Schedules } from '../constructs/schedules.js';
import { ServiceFunction } from '../constructs/service-function.js';
import { Store } from '../constructs/store.js';
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
 * One party's site: store, objects, event bus, signing key, runner, the nine Lambda entry points,
 * the job workflow, the HTTP API and the schedules. Environment-agnostic (no lookups), so it
 * synthesizes offline and deploys into whichever account and region the CLI is pointed at.
 */
export class SiteStack extends Stack {
  public readonly store: Store;
  public readonly objects: Objects;
  public readonly bus: EventBus;
  public readonly federation: Federation;
  public readonly network: Network;
  public readonly runner: Runner;
  public readonly functions: Readonly<Record<LambdaEntryName, ServiceFunction>>;
  public readonly workflow: Workflow;
  public readonly api: Api;
  public readonly schedules: Schedules;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const { site } = props;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    Tags.of(this).add('fate-flow:party', String(site.partyId));

    this.store = new Store(this, 'Store');
    this.objects = new Objects(this, 'Objects');
    this.bus = new EventBus(this, 'Bus', { description: `FATE-Flow party ${site.partyId}: job and task events` });
    this.federation = new Federation(this, 'Federation', { partyId: site.partyId, peers: site.peers });
    this.network = new Network(this, 'Network');
    this.runner = new Runner(this, 'Runner', { network: this.network, projectRoot });
    const stateMachineName = jobStateMachineName(site.partyId);
    const machine = new JobMachineArns(this, stateMachineName);

    // The API's URL is the default board URL; the API is built after the functions it routes to,
    // so the value is read once the API exists (at synthesis).
    let api: Api | undefined;
    const environment = siteEnvironment({
      partyId: String(site.partyId),
      tableName: this.store.table.tableName,
      bucket: this.objects.bucket.bucketName,
      eventBusName: this.bus.eventBusName,
      stateMachineArn: machine.stateMachineArn,
      cluster: this.runner.cluster.clusterArn,
      taskDefinition: this.runner.taskDefinition.taskDefinitionArn,
      subnets: Fn.join(',', this.network.publicSubnetIds),
      securityGroups: this.network.securityGroup.securityGroupId,
      signingKeySecretArn: this.federation.signingKey.secretArn,
      peers: this.federation.peersJson,
      poolCores: String(site.poolCores),
      poolMemory: String(site.poolMemory),
      peerResourceShare: String(site.peerResourceShare),
      permissionCheck: String(site.permissionCheck),
      boardUrl: site.boardUrl ?? Lazy.string({ produce: () => api?.url }),
    });

    const functions: Partial<Record<LambdaEntryName, ServiceFunction>> = {};
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaEntryName[]) {
      const fn = new ServiceFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}Function`, {
        entry: name,
        projectRoot,
        environment,
      });
      // Every function builds the whole site (SiteServices) and a federation command can reach
      // any service, so each gets the same site-scoped set; only the API may write the keys.
      this.store.grantReadWrite(fn.function);
      this.objects.grantReadWrite(fn.function);
      this.bus.grantPutEventsTo(fn.function);
      this.federation.grantRead(fn.function);
      this.runner.grantLaunch(fn.function);
      machine.grantControl(fn.function);
      functions[name] = fn;
    }
    this.functions = functions as Record<LambdaEntryName, ServiceFunction>;
    this.federation.grantWrite(this.functions.api.function);
    // The runner reads its task and writes outputs, tracking and heartbeats (the table, the
    // objects), and signs the values its component sends to the other parties' tasks (FATE's
    // federation remote/get): it reads the site's signing key, never writes it.
    this.store.grantReadWrite(this.runner.taskDefinition.taskRole);
    this.objects.grantReadWrite(this.runner.taskDefinition.taskRole);
    this.federation.grantRead(this.runner.taskDefinition.taskRole);
    // It announces its task's end on the site's bus (TaskEnded), seconds before ECS reports the exit.
    this.bus.grantPutEventsTo(this.runner.taskDefinition.taskRole);

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
    api = new Api(this, 'Api', {
      partyId: site.partyId,
      userApi: this.functions.api.function,
      federation: this.functions.federation.function,
      ...(site.domain === undefined ? {} : { domain: site.domain }),
    });
    this.api = api;
    this.schedules = new Schedules(this, 'Schedules', {
      partyId: site.partyId,
      bus: this.bus,
      clusterArn: this.runner.cluster.clusterArn,
      scheduler: this.functions.scheduler.function,
      detector: this.functions.detector.function,
      ecsTaskStopped: this.functions.ecsTaskStopped.function,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: api.url,
      description: "The site's API: `flow init` and the peers' endpoint",
    });
    new CfnOutput(this, 'SigningKeySecretArn', { value: this.federation.signingKey.secretArn });
    new CfnOutput(this, 'StateMachineArn', { value: machine.stateMachineArn });
  }
}
