import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { LambdaEntryName } from '../../functions/lambda/site-env.js';

/** The newest Node.js the CDK knows (cdk-nag's AwsSolutions-L1 asks for it); the code needs ≥ 22. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;
/** Graviton: ≈ 20 % cheaper per GB-second than x86. */
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;
export const FUNCTION_LOG_RETENTION = RetentionDays.ONE_MONTH;

export const FUNCTION_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  // Some dependencies are CommonJS and call require(); an ESM bundle has none unless it makes one.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // The SDK the tests ran against, not the runtime's: the S3 store relies on the checksum
  // behaviour of SDK ≥ 3.729 (see s3-object-store.ts), and a pinned bundle cannot drift.
  bundleAwsSDK: true,
  // Warnings and errors only: the size summary of nine bundles buries what matters in a synth's output.
  logLevel: LogLevel.WARNING,
};

/** Stack traces in the logs point into the TypeScript sources (the bundle carries its source map). */
export const FUNCTION_BASE_ENVIRONMENT = { NODE_OPTIONS: '--enable-source-maps' } as const;

export interface FunctionSettings {
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly tracing: Tracing;
}

/** Behind API Gateway, whose integration timeout is 30 s: the function must give up first. */
const HTTP_TIMEOUT = Duration.seconds(29);
/** Steps and sweeps call every peer with bounded retries; a minute holds the worst case with room. */
const WORK_TIMEOUT = Duration.seconds(60);
const MEMORY = 512;

/**
 * The two 1-minute sweeps pass tracing through instead of starting traces: traced every minute
 * they would record ≈ 86,400 traces a month (≈ $0.43 past X-Ray's free tier), almost half a
 * site's idle budget, to show that nothing happened.
 */
export const FUNCTION_SETTINGS: Record<LambdaEntryName, FunctionSettings> = {
  api: { description: 'FATE-Flow v1 HTTP API', timeout: HTTP_TIMEOUT, memorySize: MEMORY, tracing: Tracing.ACTIVE },
  appKeyAuthorizer: {
    description: "Lambda authorizer of the app-key API: FATE's client signing headers",
    // API Gateway waits at most 10 s for an authorizer.
    timeout: Duration.seconds(10),
    memorySize: 256,
    tracing: Tracing.ACTIVE,
  },
  federation: {
    description: 'Signed federation endpoint (POST /v1/federation)',
    timeout: HTTP_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.ACTIVE,
  },
  inference: {
    description: "FATE-Serving's inference routes (POST /federation/v1/inference, batchInference) at the guest",
    timeout: HTTP_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.ACTIVE,
  },
  loadPlan: {
    description: 'Job workflow: load the plan',
    timeout: WORK_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.ACTIVE,
  },
  runComponent: {
    description: 'Job workflow: start a component at every party (waits for its task token)',
    timeout: WORK_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.ACTIVE,
  },
  finishJob: {
    description: 'Job workflow: finish the job',
    timeout: WORK_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.ACTIVE,
  },
  failJob: {
    description: 'Job workflow: fail the job',
    timeout: WORK_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.ACTIVE,
  },
  scheduler: {
    description: 'Scheduler: waiting jobs, on events and every minute',
    timeout: WORK_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.PASS_THROUGH,
  },
  detector: {
    description: 'Detector: dead tasks, timeouts, unacknowledged reports, leaked resources, every minute',
    timeout: Duration.seconds(120),
    memorySize: MEMORY,
    tracing: Tracing.PASS_THROUGH,
  },
  taskExits: {
    description: "A runner task's exit (ECS Task State Change: STOPPED) or its runner's TaskEnded: the task's report",
    timeout: WORK_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.ACTIVE,
  },
  // Called by runners (untraced), once per task and once per transferred part: passing tracing
  // through keeps a job's data plane from starting hundreds of traces.
  delegation: {
    description: "Certifies a runner's own signing key for its running task (its launch ticket)",
    timeout: HTTP_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.PASS_THROUGH,
  },
  runnerOutbox: {
    description:
      "Carries a runner's signed transfers to peers and its TaskEnded to the bus (runners have no internet route)",
    timeout: HTTP_TIMEOUT,
    memorySize: MEMORY,
    tracing: Tracing.PASS_THROUGH,
  },
};

/**
 * The functions whose ARNs other functions hold, given fixed names so that the ARNs are known before
 * the functions exist (no reference, no dependency cycle): the two runners call, and `federation`,
 * which every other function invokes with a message for this same site.
 */
export const FIXED_NAME_FUNCTIONS = [
  'federation',
  'delegation',
  'runnerOutbox',
] as const satisfies readonly LambdaEntryName[];
export type FixedNameFunction = (typeof FIXED_NAME_FUNCTIONS)[number];

const FIXED_NAMES: Readonly<Record<FixedNameFunction, string>> = {
  federation: 'federation',
  delegation: 'delegation',
  runnerOutbox: 'runner-outbox',
};

/** `fate-flow-<party>-federation`, `…-delegation`, `…-runner-outbox`: the party keeps two sites in one account apart. */
export function fixedFunctionName(partyId: number, entry: FixedNameFunction): string {
  return `fate-flow-${partyId}-${FIXED_NAMES[entry]}`;
}
