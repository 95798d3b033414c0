import { generateSigningKey, type SigningKeyPair } from '../../../../functions/domain/signing/keys.js';
import type { SiteEnvName } from '../../../../functions/lambda/site-env.js';

export const PARTY = 9999;
export const PEER = 10000;
export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:fate-flow-job-9999';
export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fate-flow-signing-9999-AbCdEf';
export const DELEGATION_FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-delegation';
export const OUTBOX_FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-runner-outbox';
export const FEDERATION_FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-federation';
export const RUNNER_LOG_GROUP = 'FateFlow-9999-RunnerLogs1234ABCD-AbCdEfGhIjKl';
export const APP_KEYS_SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fate-flow-app-keys-9999-GhIjKl';

/** The peer party's signing key (its public half is in FATE_FLOW_PEERS). */
export const peerKey: SigningKeyPair = generateSigningKey();

/** Every SITE_ENV variable, as the site stack would set it for party 9999. */
export function siteEnv(overrides: Partial<Record<SiteEnvName, string>> = {}): Record<SiteEnvName, string> {
  return {
    FATE_FLOW_PARTY_ID: String(PARTY),
    FATE_FLOW_TABLE: 'fate-flow',
    FATE_FLOW_BUCKET: 'fate-flow-9999-data',
    FATE_FLOW_EVENT_BUS: 'fate-flow-9999',
    FATE_FLOW_STATE_MACHINE_ARN: STATE_MACHINE_ARN,
    FATE_FLOW_CLUSTER: 'fate-flow-9999',
    FATE_FLOW_TASK_DEFINITION: 'fate-flow-9999-runner',
    FATE_FLOW_SUBNETS: 'subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788',
    FATE_FLOW_SECURITY_GROUPS: 'sg-0123456789abcdef0',
    FATE_FLOW_SIGNING_KEY_SECRET_ARN: SECRET_ARN,
    FATE_FLOW_PEERS: JSON.stringify([
      { partyId: PEER, endpoint: 'https://federation.party-10000.example.org', publicKeys: [peerKey.publicKey] },
    ]),
    FATE_FLOW_POOL_CORES: '16',
    FATE_FLOW_POOL_MEMORY: '32768',
    FATE_FLOW_PEER_RESOURCE_SHARE: '0.5',
    FATE_FLOW_PERMISSION_CHECK: 'false',
    FATE_FLOW_BOARD_URL: 'https://board.party-9999.example.org/',
    FATE_FLOW_DELEGATION_FUNCTION_ARN: DELEGATION_FUNCTION_ARN,
    FATE_FLOW_RUNNER_OUTBOX_FUNCTION_ARN: OUTBOX_FUNCTION_ARN,
    FATE_FLOW_FEDERATION_FUNCTION_ARN: FEDERATION_FUNCTION_ARN,
    FATE_FLOW_RUNNER_LOG_GROUP: RUNNER_LOG_GROUP,
    FATE_FLOW_APP_KEYS_SECRET_ARN: APP_KEYS_SECRET_ARN,
    ...overrides,
  };
}
