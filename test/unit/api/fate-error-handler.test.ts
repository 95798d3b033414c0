import { describe, expect, it, jest } from '@jest/globals';
import { MethodNotAllowedError } from '../../../functions/api/http-errors.js';
import { fateErrorHandler } from '../../../functions/api/middleware/fate-error-handler.js';
import { AppError, ArgumentError, FederatedError, RetCode, ServerError } from '../../../functions/domain/errors.js';
import { apiEvent, jsonBody, middyRequest } from './support/api-events.js';

function handle(error: unknown) {
  const logger = { error: jest.fn<(message: string, error: Error) => void>() };
  const request = middyRequest(apiEvent());
  // A thrown value need not be an Error; middy hands whatever was thrown to onError.
  Object.assign(request, { error });
  fateErrorHandler({ logger }).onError?.(request);
  return { response: request.response, logger };
}

describe('fateErrorHandler', () => {
  it('renders an AppError with its status, retcode and message', () => {
    const { response, logger } = handle(new ArgumentError('job_id is required'));
    expect(response?.statusCode).toBe(400);
    expect(response?.headers).toEqual({ 'content-type': 'application/json' });
    expect(jsonBody(response)).toEqual({ retcode: 101, retmsg: 'job_id is required' });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('keeps a 5xx AppError status but hides its message and logs it', () => {
    const error = new ServerError('table fate-jobs is missing');
    const { response, logger } = handle(error);
    expect(response?.statusCode).toBe(500);
    expect(jsonBody(response)).toEqual({ retcode: 500, retmsg: 'internal server error' });
    expect(logger.error).toHaveBeenCalledWith('request failed', error);
  });

  it("shows and logs a federated failure's message behind its 502", () => {
    const error = new FederatedError('host 10000 refused');
    const { response, logger } = handle(error);
    expect(response?.statusCode).toBe(502);
    expect(jsonBody(response)).toEqual({ retcode: 104, retmsg: 'host 10000 refused' });
    expect(logger.error).toHaveBeenCalledWith('request failed', error);
  });

  it('hides the message of an AppError that is not to be exposed', () => {
    const error = new AppError(RetCode.PERMISSION_ERROR, 403, 'casbin policy file unreadable', { expose: false });
    const { response, logger } = handle(error);
    expect(response?.statusCode).toBe(403);
    expect(jsonBody(response)).toEqual({ retcode: 108, retmsg: 'internal server error' });
    expect(logger.error).toHaveBeenCalledWith('request failed', error);
  });

  it('adds the Allow header of a 405', () => {
    const { response } = handle(new MethodNotAllowedError('GET', '/v1/job/submit', ['POST']));
    expect(response?.statusCode).toBe(405);
    expect(response?.headers).toEqual({ 'content-type': 'application/json', allow: 'POST' });
  });

  it('turns any other error into a generic 500 and logs it', () => {
    const error = new TypeError('cannot read properties of undefined (reading "secret")');
    const { response, logger } = handle(error);
    expect(response?.statusCode).toBe(500);
    expect(jsonBody(response)).toEqual({ retcode: 500, retmsg: 'internal server error' });
    expect(logger.error).toHaveBeenCalledWith('unhandled error', error);
  });

  it('logs a thrown value that is not an Error as one', () => {
    const { response, logger } = handle('plain string');
    expect(response?.statusCode).toBe(500);
    expect(logger.error).toHaveBeenCalledWith('unhandled error', new Error('plain string'));
  });

  it('refuses a logger without an error method', () => {
    expect(() => fateErrorHandler({ logger: {} as never })).toThrow(
      /logger must have an error\(message, error\) method/,
    );
  });
});
