import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { z } from 'zod';

/** A function's answer that is not what the contract says, or a failure it reported. */
export class RunnerCallError extends Error {
  override readonly name = 'RunnerCallError';
}

/**
 * Invokes one of the site's functions synchronously with a JSON payload and reads its answer with
 * `reply`. A function error (its handler threw) becomes a RunnerCallError carrying its message.
 */
export async function invokeJson<T>(
  lambda: LambdaClient,
  functionName: string,
  payload: unknown,
  reply: z.ZodType<T>,
): Promise<T> {
  const output = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
  );
  const text = new TextDecoder().decode(output.Payload ?? new Uint8Array());
  if (output.FunctionError !== undefined) {
    let message = text;
    try {
      const parsed = JSON.parse(text) as { errorMessage?: unknown };
      if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
    } catch {
      // Not JSON: the raw text says what went wrong.
    }
    throw new RunnerCallError(`${functionName} failed: ${message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RunnerCallError(`${functionName} answered something that is not JSON`);
  }
  const parsed = reply.safeParse(json);
  if (!parsed.success) throw new RunnerCallError(`${functionName} answered an unexpected shape`);
  return parsed.data;
}
