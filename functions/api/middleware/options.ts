import * as z from 'zod';

/**
 * Middleware options are checked when the stack is built, as middy's own packages do, so a typo or
 * a missing value fails at cold start with the middleware's name instead of misbehaving per request.
 */
export function validateOptions<S extends z.ZodType>(middleware: string, schema: S, options: unknown): z.output<S> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  throw new TypeError(`${middleware}: invalid options\n${z.prettifyError(result.error)}`);
}

/** A zod schema for a function-valued option (zod 4 has no function schema). */
export function functionOption<F extends (...args: never[]) => unknown>(what: string): z.ZodType<F> {
  return z.custom<F>((value) => typeof value === 'function', { message: `${what} must be a function` });
}
