import { FlowLogDestination, SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  FLOW_LOG_RETENTION,
  FLOW_LOG_TRAFFIC,
  GATEWAY_ENDPOINTS,
  MAX_AZS,
  NAT_GATEWAYS,
  SUBNETS,
} from './network-defaults.js';

/** Where runner tasks run: a VPC of public subnets, free gateway endpoints, a security group with no inbound rule. */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly securityGroup: SecurityGroup;
  public readonly flowLogGroup: LogGroup;
  /** The subnets RunTask places tasks in. */
  public readonly publicSubnetIds: string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.flowLogGroup = new LogGroup(this, 'FlowLogs', { retention: FLOW_LOG_RETENTION });
    this.vpc = new Vpc(this, 'Vpc', {
      natGateways: NAT_GATEWAYS,
      maxAzs: MAX_AZS,
      subnetConfiguration: SUBNETS,
      gatewayEndpoints: GATEWAY_ENDPOINTS,
      flowLogs: {
        rejected: {
          trafficType: FLOW_LOG_TRAFFIC,
          destination: FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
        },
      },
      // Restricting the default security group takes a custom-resource Lambda; nothing here uses
      // the default group (runners get `securityGroup`), so there is nothing for it to protect.
      restrictDefaultSecurityGroup: false,
    });
    this.securityGroup = new SecurityGroup(this, 'RunnerSecurityGroup', {
      vpc: this.vpc,
      description: 'FATE-Flow runner tasks: no inbound; outbound to ECR, CloudWatch Logs, DynamoDB, S3 and peers',
      allowAllOutbound: true,
    });
    this.publicSubnetIds = this.vpc.publicSubnets.map((subnet) => subnet.subnetId);
  }
}
