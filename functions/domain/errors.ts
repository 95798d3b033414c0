/**
 * One error family for the whole system. Each error carries FATE-Flow's retcode (so FATE's own
 * `flow` client understands it) and the HTTP status our API answers with. `expose` says whether
 * the message may be shown to the caller; anything that is not an AppError becomes a generic 500.
 */

/** FATE-Flow's RetCode values (`fate_flow/entity/types.py`). */
export const RetCode = {
  SUCCESS: 0,
  NOT_EFFECTIVE: 10,
  EXCEPTION_ERROR: 100,
  ARGUMENT_ERROR: 101,
  DATA_ERROR: 102,
  OPERATING_ERROR: 103,
  FEDERATED_ERROR: 104,
  CONNECTION_ERROR: 105,
  RUNNING: 106,
  INCOMPATIBLE_FATE_VER: 107,
  PERMISSION_ERROR: 108,
  AUTHENTICATION_ERROR: 109,
  SERVER_ERROR: 500,
} as const;

export type RetCode = (typeof RetCode)[keyof typeof RetCode];

export interface AppErrorOptions {
  /** Machine-readable context: the field, component or party the error is about. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
  /** Show the message to the caller. @default true below HTTP 500, false from 500 on */
  readonly expose?: boolean;
}

/*
 * Each error class sets its `name` in its constructor rather than as a class field: a field gives
 * every class a synthetic initializer function, which V8's coverage reports as never called in
 * some runs and not in others, moving the domain's function coverage across its floor.
 */
export class AppError extends Error {
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Whether the message may be shown to the caller (server faults keep theirs for the logs). */
  readonly expose: boolean;

  constructor(
    readonly retcode: RetCode,
    readonly statusCode: number,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.details = options.details;
    this.expose = options.expose ?? statusCode < 500;
  }

  /** FATE's response envelope for this error. */
  toEnvelope(): { retcode: RetCode; retmsg: string } {
    return { retcode: this.retcode, retmsg: this.expose ? this.message : 'internal server error' };
  }
}

/** 101: a request or configuration field is missing, malformed or refers to something unknown. */
export class ArgumentError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.ARGUMENT_ERROR, 400, message, options);
    this.name = 'ArgumentError';
  }
}

/** 101 with HTTP 404: the job, task, table or party asked for does not exist (FATE uses 101 for both). */
export class NotFoundError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.ARGUMENT_ERROR, 404, message, options);
    this.name = 'NotFoundError';
  }
}

/** 102: the data itself is wrong (a table's content, an upload). */
export class DataError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.DATA_ERROR, 400, message, options);
    this.name = 'DataError';
  }
}

/** 103: a well-formed request that cannot be carried out now (core limit, state). */
export class OperatingError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.OPERATING_ERROR, 409, message, options);
    this.name = 'OperatingError';
  }
}

/** 10: the request changed nothing (e.g. a status move the transition table does not allow). */
export class NotEffectiveError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.NOT_EFFECTIVE, 409, message, options);
    this.name = 'NotEffectiveError';
  }
}

/** 104: a call to another party failed or was refused. */
export class FederatedError extends AppError {
  /** Exposed although a 5xx: it names another party and why it failed, which the caller needs. */
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.FEDERATED_ERROR, 502, message, { expose: true, ...options });
    this.name = 'FederatedError';
  }
}

/** 105: a party could not be reached at all. */
export class ConnectionError extends AppError {
  /** Exposed although a 5xx: it names another party and why it failed, which the caller needs. */
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.CONNECTION_ERROR, 503, message, { expose: true, ...options });
    this.name = 'ConnectionError';
  }
}

/** 106: the thing asked about is still running (FATE's "pending" answer). */
export class RunningError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.RUNNING, 409, message, options);
    this.name = 'RunningError';
  }
}

/** 108: the caller is known but not allowed to do this. */
export class PermissionError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.PERMISSION_ERROR, 403, message, options);
    this.name = 'PermissionError';
  }
}

/** 109: the caller could not be authenticated. */
export class AuthenticationError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.AUTHENTICATION_ERROR, 401, message, options);
    this.name = 'AuthenticationError';
  }
}

/** 500: a fault of ours; its message is logged, never shown. */
export class ServerError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(RetCode.SERVER_ERROR, 500, message, options);
    this.name = 'ServerError';
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
