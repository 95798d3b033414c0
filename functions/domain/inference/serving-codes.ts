/**
 * FATE-Serving's status codes (`fate-serving-core/.../constant/StatusCode.java`), which its clients
 * read from an inference answer's `retcode`. Guest and host share the numbers.
 */
export const ServingCode = {
  SUCCESS: 0,
  /** The request is malformed: no serviceId, no featureData, a field of the wrong kind. */
  PARAM_ERROR: 100,
  /** A feature is missing, not in the model, or not a number. */
  FEATURE_ERROR: 102,
  /** The service's model (or a host's part of it) is not there. */
  MODEL_NULL: 104,
  /** A host could not be reached. */
  NET_ERROR: 105,
  /** The model is there but cannot be served (a module online inference does not run, a broken component model). */
  LOAD_MODEL_ERROR: 107,
  /** The host has no bound service for this model (FATE-Serving's HOST_BIND_MODEL_ERROR). */
  BIND_MODEL_ERROR: 109,
  /** The host's bound table has no row with this id. */
  HOST_FEATURE_NOT_EXIST: 113,
  /** The host's feature table cannot be read (FATE-Serving's feature adaptor failed). */
  FEATURE_DATA_ADAPTOR_ERROR: 116,
  /** No model is bound to this serviceId. */
  SERVICE_NOT_FOUND: 122,
} as const;

export type ServingCode = (typeof ServingCode)[keyof typeof ServingCode];

/**
 * A refusal of an inference request, with FATE-Serving's code. Not an AppError: FATE-Serving answers
 * HTTP 200 with the code in the body, and nothing partial — no score — comes with it.
 */
export class ServingError extends Error {
  // `name` set here, not as a class field (errors.ts says why).
  constructor(
    readonly code: Exclude<ServingCode, 0>,
    message: string,
  ) {
    super(message);
    this.name = 'ServingError';
  }
}
