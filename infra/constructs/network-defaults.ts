import {
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  type SubnetConfiguration,
  SubnetType,
} from 'aws-cdk-lib/aws-ec2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Public subnets only and no NAT gateway (≈ $33/month per AZ, the largest idle cost there is):
 * runner tasks get a public IP with no inbound rule and reach ECR and CloudWatch Logs over it.
 */
export const NAT_GATEWAYS = 0;
export const MAX_AZS = 2;
export const SUBNETS: SubnetConfiguration[] = [{ name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }];

/** Gateway endpoints are free and keep DynamoDB and S3 traffic off the internet; interface endpoints cost ≈ $7/AZ-month each. */
export const GATEWAY_ENDPOINTS = {
  S3: { service: GatewayVpcEndpointAwsService.S3 },
  DynamoDB: { service: GatewayVpcEndpointAwsService.DYNAMODB },
} as const;

/**
 * Rejected flows only: they show who probes the runners' public IPs, which is the one thing a
 * no-inbound security group leaves to watch. Accepted flows are the site's own calls to AWS and
 * its peers, logged elsewhere; logging them would be most of the cost. Nothing flows while idle.
 */
export const FLOW_LOG_TRAFFIC = FlowLogTrafficType.REJECT;
export const FLOW_LOG_RETENTION = RetentionDays.ONE_MONTH;
