import { describe, expect, it } from '@jest/globals';
import { decodeReply } from '../../../functions/federation/codec/index.js';
import { handler as api } from '../../../functions/lambda/api.js';
import { handler as federation } from '../../../functions/lambda/federation.js';
import { handler as scheduler } from '../../../functions/lambda/scheduler.js';
import { SITE_ENV } from '../../../functions/lambda/site-env.js';
import type { ApiDeps } from '../../../functions/services/entry-deps.js';
import { lambdaContext } from '../../../local/http/lambda-context.js';
import { apiEvent, jsonBody } from '../api/support/api-events.js';

// This test file's environment has none of SITE_ENV: every entry point meets a site it cannot build.
const context = () => lambdaContext('fate-flow-test', 30_000);
const IAM = { userArn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' };

describe('an entry point whose site environment is incomplete', () => {
  it('fails the invocation naming every missing variable', async () => {
    await expect(scheduler({}, context())).rejects.toMatchObject({
      name: 'SiteEnvError',
      message: `site environment: ${Object.values(SITE_ENV)
        .map((name) => `${name} is not set`)
        .join('; ')}`,
    });
  });

  it("answers an API call with FATE's generic 500 envelope, keeping the details for the log", async () => {
    const result = await api(apiEvent<ApiDeps>({ path: '/v1/version/get', body: '{}', iam: IAM }), context());
    expect([result.statusCode, jsonBody(result)]).toEqual([500, { retcode: 500, retmsg: 'internal server error' }]);
  });

  it('answers a peer with a protobuf 500, which the peer retries', async () => {
    const result = await federation(apiEvent({ path: '/v1/federation', body: Buffer.from([1, 2, 3]) }), context());
    expect(result.statusCode).toBe(500);
    expect(decodeReply(new Uint8Array(Buffer.from(result.body ?? '', 'base64')))).toEqual({
      retcode: 500,
      retmsg: 'internal server error',
    });
  });
});
