import { join } from 'node:path';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_ENTRIES, type LambdaEntryName } from '../../functions/lambda/site-env.js';
import { acknowledgeRule } from './acknowledge.js';
import {
  FUNCTION_ARCHITECTURE,
  FUNCTION_BASE_ENVIRONMENT,
  FUNCTION_BUNDLING,
  FUNCTION_LOG_RETENTION,
  FUNCTION_RUNTIME,
  FUNCTION_SETTINGS,
} from './service-function-defaults.js';

export interface ServiceFunctionProps {
  /** Which of LAMBDA_ENTRIES this function runs (file and exported handler). */
  readonly entry: LambdaEntryName;
  /** The repository root: entries and the lock file are found from it. */
  readonly projectRoot: string;
  readonly environment: Readonly<Record<string, string>>;
  /** A fixed name, for a function whose ARN others hold before it exists. @default generated */
  readonly functionName?: string;
}

/**
 * One Lambda entry point with the site's defaults baked in: Node 24 on ARM64, an ESM bundle made
 * locally by esbuild, its own log group with a retention, tracing, and a role that starts empty
 * (no AWS managed policy): the stack grants each permission it needs.
 */
export class ServiceFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const entry = LAMBDA_ENTRIES[props.entry];
    const settings = FUNCTION_SETTINGS[props.entry];
    this.logGroup = new LogGroup(this, 'Logs', { retention: FUNCTION_LOG_RETENTION });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${settings.description} (${props.entry})`,
    });
    // The function writes only to its own log group, which exists before it: no CreateLogGroup,
    // and no AWSLambdaBasicExecutionRole (whose logs permissions cover every log group).
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(props.projectRoot, entry.file),
      handler: entry.handler,
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      bundling: FUNCTION_BUNDLING,
      description: settings.description,
      timeout: settings.timeout,
      memorySize: settings.memorySize,
      tracing: settings.tracing,
      logGroup: this.logGroup,
      role: this.role,
      ...(props.functionName === undefined ? {} : { functionName: props.functionName }),
      environment: { ...FUNCTION_BASE_ENVIRONMENT, ...props.environment },
    });
    acknowledgeRule(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (tracing) and ECS ListTasks have no resource-level permissions, so IAM accepts only "*"; ListTasks is bound to the site\'s cluster by an ecs:cluster condition.',
    );
  }
}
