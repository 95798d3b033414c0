import { describe, expect, it } from '@jest/globals';
import {
  AppError,
  ArgumentError,
  AuthenticationError,
  FederatedError,
  isAppError,
  NotEffectiveError,
  OperatingError,
  PermissionError,
  RetCode,
  ServerError,
} from '../../../functions/domain/errors.js';

describe('AppError family', () => {
  it.each([
    [new ArgumentError('bad field'), RetCode.ARGUMENT_ERROR, 400],
    [new OperatingError('too many cores'), RetCode.OPERATING_ERROR, 409],
    [new NotEffectiveError('no change'), RetCode.NOT_EFFECTIVE, 409],
    [new FederatedError('peer refused'), RetCode.FEDERATED_ERROR, 502],
    [new PermissionError('not granted'), RetCode.PERMISSION_ERROR, 403],
    [new AuthenticationError('bad signature'), RetCode.AUTHENTICATION_ERROR, 401],
    [new ServerError('disk on fire'), RetCode.SERVER_ERROR, 500],
  ])('%s carries FATE retcode %i and HTTP status %i', (error, retcode, status) => {
    expect(error.retcode).toBe(retcode);
    expect(error.statusCode).toBe(status);
    expect(isAppError(error)).toBe(true);
    expect(error).toBeInstanceOf(AppError);
  });

  it('renders client errors as FATE envelopes with their message', () => {
    expect(new ArgumentError('initiator.party_id: must be an integer').toEnvelope()).toEqual({
      retcode: 101,
      retmsg: 'initiator.party_id: must be an integer',
    });
  });

  it('hides the message of server errors', () => {
    const error = new ServerError('connection string postgres://secret');
    expect(error.expose).toBe(false);
    expect(error.toEnvelope()).toEqual({ retcode: 500, retmsg: 'internal server error' });
  });

  it('keeps the cause and the details', () => {
    const cause = new Error('root');
    const error = new ArgumentError('x', { cause, details: { field: 'x' } });
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ field: 'x' });
    expect(error.name).toBe('ArgumentError');
  });

  it('is not confused with plain errors', () => {
    expect(isAppError(new Error('plain'))).toBe(false);
  });
});
