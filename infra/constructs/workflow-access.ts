import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge.js';

/**
 * The job state machine's ARNs, built from its fixed name before (and without referring to) the
 * machine: the functions get them while the machine's definition refers to the functions.
 */
export class JobMachineArns {
  /** `arn:…:states:…:stateMachine:<name>`, what SITE_ENV.stateMachineArn holds. */
  public readonly stateMachineArn: string;
  /** `arn:…:states:…:execution:<name>:*`: the executions, one per job, named after the job. */
  public readonly executionsArn: string;

  constructor(scope: IConstruct, stateMachineName: string) {
    const stack = Stack.of(scope);
    this.stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.executionsArn = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    acknowledgeWildcardResource(
      stack,
      this.executionsArn,
      'StopExecution acts on the execution of a job, named after the job id at run time; the pattern is the executions of this one state machine.',
    );
  }
}
