import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type * as z from 'zod';

/** A function's answer that is not what the contract says, or a failure it reported. */
export class RunnerCallError extends Error {
  override readonly name = 'RunnerCallError';
}

/** What a synchronous invocation gave: the handler's answer, or the message of what it threw. */
export type InvocationOutcome = { readonly answer: string } | { readonly failed: string };

/**
 * Invokes one of the site's functions synchronously (RequestResponse) with a JSON payload. A
 * function error (its handler threw) is its `errorMessage`, or the raw payload when there is none.
 */
export async function invokeFunction(
  lambda: LambdaClient,
  functionName: string,
  payload: unknown,
): Promise<InvocationOutcome> {
  const output = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const text = new TextDecoder().decode(output.Payload ?? new Uint8Array());
  if (output.FunctionError === undefined) return { answer: text };
  try {
    const parsed = JSON.parse(text) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return { failed: parsed.errorMessage };
  } catch {
    // Not JSON: the raw text says what went wrong.
  }
  return { failed: text };
}

/**
 * Invokes one of the site's functions and reads its answer with `reply`. A function error becomes
 * a RunnerCallError carrying its message.
 */
export async function invokeJson<T>(
  lambda: LambdaClient,
  functionName: string,
  payload: unknown,
  reply: z.ZodType<T>,
): Promise<T> {
  const outcome = await invokeFunction(lambda, functionName, payload);
  if ('failed' in outcome) throw new RunnerCallError(`${functionName} failed: ${outcome.failed}`);
  let json: unknown;
  try {
    json = JSON.parse(outcome.answer);
  } catch {
    throw new RunnerCallError(`${functionName} answered something that is not JSON`);
  }
  const parsed = reply.safeParse(json);
  if (!parsed.success) throw new RunnerCallError(`${functionName} answered an unexpected shape`);
  return parsed.data;
}
