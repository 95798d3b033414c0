/**
 * AWS list prices, us-east-1, on-demand, as of 2026. Free tiers are NOT subtracted: a site's
 * account may already use them up, so the model is conservative. Sources: ../shared/reference/
 * aws-limits.md (marked "limits"), otherwise the service's public pricing page (marked "pricing
 * page"). Every figure is in US dollars per the unit its name says.
 */
export const PRICES = {
  /** limits: API Gateway HTTP API, $1.00 per million requests (metered in 512 KB increments). */
  apiGatewayHttpPerRequest: 1.0 / 1_000_000,
  /** limits: Lambda, $0.20 per million requests. */
  lambdaPerRequest: 0.2 / 1_000_000,
  /** limits: Lambda arm64, $0.0000133334 per GB-second (billed per ms). */
  lambdaArmPerGbSecond: 0.0000133334,
  /** limits: Step Functions Standard, $0.025 per 1,000 state transitions (retries count). */
  stepFunctionsPerTransition: 0.025 / 1_000,
  /** limits: DynamoDB on-demand, $0.625 per million write request units. */
  dynamodbPerWriteUnit: 0.625 / 1_000_000,
  /** limits: DynamoDB on-demand, $0.125 per million read request units. */
  dynamodbPerReadUnit: 0.125 / 1_000_000,
  /** limits: DynamoDB storage, $0.25 per GB-month. */
  dynamodbPerGbMonth: 0.25,
  /** limits: Fargate arm64 (Linux), $0.03238 per vCPU-hour, per second, 1-minute minimum. */
  fargateArmPerVcpuHour: 0.03238,
  /** limits: Fargate arm64, $0.00356 per GB-hour. */
  fargateArmPerGbHour: 0.00356,
  /** pricing page (AWS PrivateLink): an interface VPC endpoint, $0.01 per hour per AZ (data processed, $0.01/GB, left out). */
  interfaceEndpointPerAzHour: 0.01,
  /** pricing page (Amazon EventBridge): custom events, $1.00 per million PutEvents entries (64 KB each). */
  eventBridgePerCustomEvent: 1.0 / 1_000_000,
  /** pricing page (Amazon EventBridge): scheduled rules and AWS service events (ECS task state) are free. */
  eventBridgePerScheduledInvocation: 0,
  /** pricing page (Amazon S3 Standard): PUT, COPY, POST, LIST, $0.005 per 1,000 requests. */
  s3PerPutRequest: 0.005 / 1_000,
  /** pricing page (Amazon S3 Standard): GET and all other requests, $0.0004 per 1,000 requests. */
  s3PerGetRequest: 0.0004 / 1_000,
  /** pricing page (AWS Secrets Manager): $0.40 per secret per month. */
  secretsManagerPerSecretMonth: 0.4,
  /** pricing page (AWS Secrets Manager): $0.05 per 10,000 API calls. */
  secretsManagerPerApiCall: 0.05 / 10_000,
  /** pricing page (Amazon CloudWatch): $0.10 per standard-resolution alarm metric per month. */
  cloudWatchPerAlarmMonth: 0.1,
  /** pricing page (Amazon CloudWatch): Logs ingestion (Standard class), $0.50 per GB. */
  cloudWatchLogsPerGbIngested: 0.5,
  /** pricing page (AWS X-Ray): $5.00 per million traces recorded. */
  xrayPerTraceRecorded: 5.0 / 1_000_000,
} as const;

/** Seconds in the month the model bills (30 days), and the 1-minute sweeps it holds. */
export const SECONDS_PER_MONTH = 30 * 24 * 3600;
export const SWEEPS_PER_MONTH = SECONDS_PER_MONTH / 60;

/**
 * What the site stack (infra/) deploys that bills by the month whether jobs run or not. The stack
 * is built to exactly this: two secrets (the signing keys; the app keys FATE's client signs with), the workflow's three alarms, no KMS
 * customer key, no NAT gateway, and the four interface endpoints the runners' private subnets
 * need (ECR API, ECR Docker, CloudWatch Logs, Lambda; in one AZ; S3 and DynamoDB gateway endpoints
 * are free); an idle site's S3 and DynamoDB storage is a few kilobytes.
 */
export const FIXED_MONTHLY = [
  {
    item: 'Secrets Manager secrets (signing keys, app keys)',
    quantity: 2,
    unitPrice: PRICES.secretsManagerPerSecretMonth,
  },
  {
    item: 'CloudWatch alarms (workflow failed, timed out, throttled)',
    quantity: 3,
    unitPrice: PRICES.cloudWatchPerAlarmMonth,
  },
  { item: 'KMS customer managed key', quantity: 0, unitPrice: 1.0 },
  { item: 'NAT gateway', quantity: 0, unitPrice: 0.045 * 24 * 30 },
  {
    item: 'Interface VPC endpoints (ECR API, ECR Docker, CloudWatch Logs, Lambda; one AZ)',
    quantity: 4,
    unitPrice: PRICES.interfaceEndpointPerAzHour * 24 * 30,
  },
  { item: 'S3 and DynamoDB storage of an idle site (≈ 0 GB)', quantity: 0, unitPrice: PRICES.dynamodbPerGbMonth },
] as const;
