import {
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  type SubnetConfiguration,
  SubnetType,
} from 'aws-cdk-lib/aws-ec2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Runners run in private isolated subnets: no internet gateway, no NAT gateway, no route to
 * 0.0.0.0/0. Everything they call has a VPC endpoint here, and peers (on the internet) are
 * reached through the site's `runnerOutbox` function, outside the VPC (infra/README.md, "Network").
 */
export const NAT_GATEWAYS = 0;
export const MAX_AZS = 2;
export const SUBNETS: SubnetConfiguration[] = [
  { name: 'runners', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
];

/** Free, and route DynamoDB and S3 (ECR's image layers included) inside the VPC's route tables. */
export const GATEWAY_ENDPOINTS = {
  S3: { service: GatewayVpcEndpointAwsService.S3 },
  DynamoDB: { service: GatewayVpcEndpointAwsService.DYNAMODB },
} as const;

/**
 * What else a runner calls, each ≈ $7.30 a month per AZ: the image (ECR's API and registry), its
 * log stream (CloudWatch Logs) and the site's two functions (Lambda: `delegation`,
 * `runnerOutbox`). EventBridge, STS and Secrets Manager need none: the runner's TaskEnded goes
 * through `runnerOutbox`, its credentials come from the ECS agent, and it holds no secret.
 */
export const INTERFACE_ENDPOINTS = {
  EcrApi: InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Lambda: InterfaceVpcEndpointAwsService.LAMBDA,
} as const;

/**
 * Interface endpoints sit in one AZ only: runners in the other reach them across the AZ (a cent
 * per GB), and a site pays 4 × $7.30 a month instead of 8 ×. An outage of that AZ stops new tasks
 * until it is back, which the detector and a job's retries already cover.
 */
export const INTERFACE_ENDPOINT_AZS = 1;

/** Runners call every endpoint over HTTPS. */
export const ENDPOINT_PORT = 443;

/**
 * Rejected flows only: a runner trying to go anywhere the endpoints do not lead. Accepted flows
 * are the site's own calls to AWS, logged elsewhere; logging them would be most of the cost.
 * Nothing flows while idle.
 */
export const FLOW_LOG_TRAFFIC = FlowLogTrafficType.REJECT;
export const FLOW_LOG_RETENTION = RetentionDays.ONE_MONTH;
