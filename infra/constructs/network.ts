import { FlowLogDestination, type InterfaceVpcEndpoint, Peer, Port, SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ENDPOINT_PORT,
  FLOW_LOG_RETENTION,
  FLOW_LOG_TRAFFIC,
  GATEWAY_ENDPOINTS,
  INTERFACE_ENDPOINT_AZS,
  INTERFACE_ENDPOINTS,
  MAX_AZS,
  NAT_GATEWAYS,
  SUBNETS,
} from './network-defaults.js';

/**
 * Where runner tasks run: private isolated subnets with no route to the internet, gateway
 * endpoints for DynamoDB and S3, interface endpoints for ECR, CloudWatch Logs and Lambda, and a
 * security group with no inbound rule.
 */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly securityGroup: SecurityGroup;
  /** The interface endpoints' own group: HTTPS in from the runners, nothing else. */
  public readonly endpointSecurityGroup: SecurityGroup;
  public readonly interfaceEndpoints: Readonly<Record<keyof typeof INTERFACE_ENDPOINTS, InterfaceVpcEndpoint>>;
  public readonly flowLogGroup: LogGroup;
  /** The subnets RunTask places tasks in. */
  public readonly runnerSubnetIds: string[];

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
      // the default group (runners and endpoints have their own), so there is nothing to protect.
      restrictDefaultSecurityGroup: false,
    });
    this.securityGroup = new SecurityGroup(this, 'RunnerSecurityGroup', {
      vpc: this.vpc,
      description: 'FATE-Flow runner tasks: no inbound; HTTPS out, which the routes take only to the VPC endpoints',
      allowAllOutbound: false,
    });
    // The routes decide where this can go: the interface endpoints and the gateway endpoints'
    // prefix lists (whose ids a template cannot look up offline), nothing else.
    this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(ENDPOINT_PORT), 'HTTPS to the VPC endpoints');
    this.endpointSecurityGroup = new SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'FATE-Flow VPC interface endpoints: HTTPS from the runner tasks only',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(this.securityGroup, Port.tcp(ENDPOINT_PORT), 'HTTPS from runners');
    const [endpointSubnet] = this.vpc.isolatedSubnets.slice(0, INTERFACE_ENDPOINT_AZS);
    const endpoints: Partial<Record<keyof typeof INTERFACE_ENDPOINTS, InterfaceVpcEndpoint>> = {};
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS) as [
      keyof typeof INTERFACE_ENDPOINTS,
      (typeof INTERFACE_ENDPOINTS)[keyof typeof INTERFACE_ENDPOINTS],
    ][]) {
      endpoints[name] = this.vpc.addInterfaceEndpoint(name, {
        service,
        privateDnsEnabled: true,
        securityGroups: [this.endpointSecurityGroup],
        // Only the runners' group may connect (the default would open it to the whole VPC's CIDR).
        open: false,
        subnets: { subnets: endpointSubnet === undefined ? [] : [endpointSubnet] },
      });
    }
    this.interfaceEndpoints = endpoints as Record<keyof typeof INTERFACE_ENDPOINTS, InterfaceVpcEndpoint>;
    this.runnerSubnetIds = this.vpc.isolatedSubnets.map((subnet) => subnet.subnetId);
  }
}
