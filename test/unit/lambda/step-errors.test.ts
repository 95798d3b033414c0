import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ExecutionLimitExceeded } from '@aws-sdk/client-sfn';
import { describe, expect, it } from '@jest/globals';
import { EventPublishError } from '../../../functions/adapters/events/eventbridge-event-bus.js';
import { FederatedError, NotFoundError, ServerError } from '../../../functions/domain/errors.js';
import { stepError, TransientStepError } from '../../../functions/lambda/step-errors.js';

const metadata = { $metadata: {} };

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
}

describe('stepError', () => {
  it.each<[string, Error]>([
    ['a throttled DynamoDB write', new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata })],
    [
      'a party that did not answer',
      new FederatedError('party 10000 (host) did not answer task.start after 6 attempts'),
    ],
    ['events EventBridge refused', new EventPublishError([])],
    ['a connection reset', networkError('ECONNRESET')],
  ])('renames %s TransientError, which the ASL retries, keeping the original as cause', (_what, error) => {
    const renamed = stepError(error);
    expect(renamed).toBeInstanceOf(TransientStepError);
    expect(renamed).toMatchObject({ name: 'TransientError', message: `${error.name}: ${error.message}`, cause: error });
  });

  it.each<[string, unknown]>([
    ['a job that does not exist', new NotFoundError('job 1 has no initiator record at party 9999')],
    ['a fault of ours', new ServerError('corrupt item')],
    [
      'a refusal by Step Functions that a retry would not change',
      new ExecutionLimitExceeded({ message: 'limit', ...metadata }),
    ],
    ['something that is not an Error', 'boom'],
  ])('keeps %s as it is, so the Catch sends the job to FailJob', (_what, error) => {
    expect(stepError(error)).toBe(error);
  });

  it('keeps a TransientError as it is', () => {
    const error = new TransientStepError('party 10000 unreachable');
    expect(stepError(error)).toBe(error);
  });
});
