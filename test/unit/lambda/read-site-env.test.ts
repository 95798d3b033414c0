import { describe, expect, it } from '@jest/globals';
import { readSiteEnv, SiteEnvError } from '../../../functions/lambda/read-site-env.js';
import { SITE_ENV, type SiteEnvName } from '../../../functions/lambda/site-env.js';
import {
  APP_KEYS_SECRET_ARN,
  DELEGATION_FUNCTION_ARN,
  FEDERATION_FUNCTION_ARN,
  OUTBOX_FUNCTION_ARN,
  PARTY,
  PEER,
  peerKey,
  RUNNER_LOG_GROUP,
  SECRET_ARN,
  STATE_MACHINE_ARN,
  siteEnv,
} from './support/site-env.js';

function problemOf(env: Record<string, string | undefined>): string {
  try {
    readSiteEnv(env);
  } catch (error) {
    if (error instanceof SiteEnvError) return error.message;
    throw error;
  }
  throw new Error('readSiteEnv accepted the environment');
}

function without(name: SiteEnvName): Record<string, string> {
  const env: Record<string, string> = siteEnv();
  delete env[name];
  return env;
}

describe('readSiteEnv', () => {
  it('reads every variable of a complete environment into the site configuration', () => {
    expect(readSiteEnv(siteEnv())).toEqual({
      partyId: PARTY,
      tableName: 'fate-flow',
      bucket: 'fate-flow-9999-data',
      eventBusName: 'fate-flow-9999',
      stateMachineArn: STATE_MACHINE_ARN,
      cluster: 'fate-flow-9999',
      taskDefinition: 'fate-flow-9999-runner',
      subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
      securityGroups: ['sg-0123456789abcdef0'],
      signingKeySecretArn: SECRET_ARN,
      peers: [
        { partyId: PEER, endpoint: 'https://federation.party-10000.example.org', publicKeys: [peerKey.publicKey] },
      ],
      poolCores: 16,
      poolMemory: 32768,
      peerResourceShare: 0.5,
      permissionCheck: false,
      boardUrl: 'https://board.party-9999.example.org/',
      delegationFunctionArn: DELEGATION_FUNCTION_ARN,
      runnerOutboxFunctionArn: OUTBOX_FUNCTION_ARN,
      federationFunctionArn: FEDERATION_FUNCTION_ARN,
      runnerLogGroup: RUNNER_LOG_GROUP,
      appKeysSecretArn: APP_KEYS_SECRET_ARN,
    });
  });

  it("refuses a function ARN that is not an unqualified Lambda function's", () => {
    expect(problemOf(siteEnv({ FATE_FLOW_DELEGATION_FUNCTION_ARN: `${DELEGATION_FUNCTION_ARN}:live` }))).toBe(
      'site environment: FATE_FLOW_DELEGATION_FUNCTION_ARN must be an unqualified Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>)',
    );
  });

  it('takes "true" as the permission check switched on and an empty peer list', () => {
    const config = readSiteEnv(siteEnv({ FATE_FLOW_PERMISSION_CHECK: 'true', FATE_FLOW_PEERS: '[]' }));
    expect([config.permissionCheck, config.peers]).toEqual([true, []]);
  });

  it.each([
    ['0', 0],
    ['0.25', 0.25],
    ['1', 1],
    ['1.0', 1],
  ])('reads the peer resource share %p as %p', (value, share) => {
    expect(readSiteEnv(siteEnv({ FATE_FLOW_PEER_RESOURCE_SHARE: value })).peerResourceShare).toBe(share);
  });

  it.each(Object.values(SITE_ENV))('names %s when it is missing', (name) => {
    expect(problemOf(without(name))).toBe(`site environment: ${name} is not set`);
  });

  it('names an empty variable as not set', () => {
    expect(problemOf(siteEnv({ FATE_FLOW_BUCKET: '' }))).toBe('site environment: FATE_FLOW_BUCKET is not set');
  });

  it('names every missing variable in one error', () => {
    expect(problemOf({})).toBe(
      `site environment: ${Object.values(SITE_ENV)
        .map((name) => `${name} is not set`)
        .join('; ')}`,
    );
  });

  it.each<[SiteEnvName, string, string]>([
    ['FATE_FLOW_PARTY_ID', 'guest', 'must be an integer of at least 0'],
    ['FATE_FLOW_PARTY_ID', '-1', 'must be an integer of at least 0'],
    ['FATE_FLOW_POOL_CORES', '0', 'must be an integer of at least 1'],
    ['FATE_FLOW_POOL_MEMORY', '2.5', 'must be an integer of at least 0'],
    ['FATE_FLOW_PEER_RESOURCE_SHARE', '1.5', 'must be a number from 0 to 1'],
    ['FATE_FLOW_PEER_RESOURCE_SHARE', '-0.1', 'must be a number from 0 to 1'],
    ['FATE_FLOW_PEER_RESOURCE_SHARE', 'half', 'must be a number from 0 to 1'],
    ['FATE_FLOW_PERMISSION_CHECK', 'yes', 'must be "true" or "false"'],
    ['FATE_FLOW_SUBNETS', 'subnet-1,,subnet-2', 'must be a comma-separated list of ids'],
    ['FATE_FLOW_SECURITY_GROUPS', ',', 'must be a comma-separated list of ids'],
    ['FATE_FLOW_BOARD_URL', 'board', 'must be an http(s):// URL'],
    [
      'FATE_FLOW_STATE_MACHINE_ARN',
      `${STATE_MACHINE_ARN}:live`,
      'must be an unqualified state machine ARN (arn:<partition>:states:<region>:<account>:stateMachine:<name>)',
    ],
    ['FATE_FLOW_PEERS', '{"partyId":', 'is not JSON'],
  ])('names %s when it is %p', (name, value, problem) => {
    expect(problemOf(siteEnv({ [name]: value }))).toBe(`site environment: ${name} ${problem}`);
  });

  it('names the peer and field that is malformed', () => {
    const peers = JSON.stringify([
      { partyId: PEER, endpoint: 'http://federation.party-10000.example.org', publicKeys: [peerKey.publicKey] },
      { partyId: 10001, endpoint: 'https://federation.party-10001.example.org', publicKeys: ['whsk_secret'] },
    ]);
    expect(problemOf(siteEnv({ FATE_FLOW_PEERS: peers }))).toBe(
      'site environment: FATE_FLOW_PEERS [0.endpoint]: must be an https:// URL, ' +
        '[1.publicKeys.0]: public key must start with whpk_ (this is a secret key, which must never be shared)',
    );
  });

  it('refuses a peer listed twice', () => {
    const entry = {
      partyId: PEER,
      endpoint: 'https://federation.party-10000.example.org',
      publicKeys: [peerKey.publicKey],
    };
    expect(problemOf(siteEnv({ FATE_FLOW_PEERS: JSON.stringify([entry, entry]) }))).toBe(
      'site environment: FATE_FLOW_PEERS lists a party twice',
    );
  });
});
