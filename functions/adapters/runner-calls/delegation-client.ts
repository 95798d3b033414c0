import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { TaskKey } from '../../domain/records/task-record.js';
import { type DelegationCall, type DelegationReply, delegationReply } from './contract.js';
import { invokeJson } from './lambda-invoke.js';

/** How a runner asks its site to certify its ephemeral public key (DelegatedKeys takes any of these). */
export type DelegationRequester = (publicKey: string) => Promise<DelegationReply>;

/** AWS: the site's `delegation` function, with the ticket of this task's launch. */
export function lambdaDelegation(
  lambda: LambdaClient,
  functionName: string,
  task: TaskKey,
  ticket: string,
): DelegationRequester {
  return (publicKey) => {
    const call: DelegationCall = { task, publicKey, ticket };
    return invokeJson(lambda, functionName, call, delegationReply);
  };
}
