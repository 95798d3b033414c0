/**
 * The AWS entry points' surroundings in a test: the site's environment (SITE_ENV), DynamoDB on
 * dynalite through the SDK's own endpoint override, and every other AWS service mocked at the SDK.
 */
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { LoopbackEvent } from '../../../../functions/adapters/peers/loopback-event.js';
import { handler as federation } from '../../../../functions/lambda/federation.js';
import { lambdaContext } from '../../../../local/http/lambda-context.js';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite.js';
import { FEDERATION_FUNCTION_ARN, SECRET_ARN, siteEnv } from '../../../unit/lambda/support/site-env.js';

export const SEED = 'Jx7Kq2Lm9Np4Rs6Tu8Vw1Xy3Za5Bc0De2Fg4Hi6Jk8Lm0Np2Qr4St6Uv8Wx0Yz2A';

/** Class-level mocks: every client the composition root builds gets them. */
export const aws = {
  sfn: mockClient(SFNClient),
  ecs: mockClient(ECSClient),
  eventBridge: mockClient(EventBridgeClient),
  s3: mockClient(S3Client),
  secrets: mockClient(SecretsManagerClient),
  lambda: mockClient(LambdaClient),
};

/**
 * Lambda as it would run the site's federation function when another function invokes it with a
 * message for this site: the real handler, here in the same process (its own container state).
 */
async function invokeFederation(input: { FunctionName?: string; Payload?: Uint8Array }) {
  if (input.FunctionName !== FEDERATION_FUNCTION_ARN) throw new Error(`no function ${input.FunctionName} here`);
  const event = JSON.parse(new TextDecoder().decode(input.Payload)) as LoopbackEvent;
  try {
    const answer = await federation(event, context('fate-flow-federation'));
    return { StatusCode: 200, Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify(answer)) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return {
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify({ errorType: name, errorMessage: message })),
    };
  }
}

/** Sets the site's environment (the site is built on the first invocation) and starts dynalite. */
export async function startAwsSiteEnv(): Promise<LocalDynamo> {
  const dynamo = await startDynalite({ tableName: 'fate-flow' });
  Object.assign(process.env, siteEnv(), {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  });
  aws.secrets
    .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
    .resolves({ SecretString: JSON.stringify({ seed: SEED }) });
  aws.eventBridge.on(PutEventsCommand).callsFake(async (input: { Entries?: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_, index) => ({ EventId: `event-${index}` })),
  }));
  aws.lambda.on(InvokeCommand).callsFake(invokeFederation);
  return dynamo;
}

export function context(name: string): Context {
  return lambdaContext(name, 30_000);
}
