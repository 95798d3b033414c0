import { describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { drainBackground } from '../../../functions/lambda/drain-background.js';
import { BackgroundWork } from '../../../functions/services/background-work.js';
import { lambdaContext } from '../../../local/http/lambda-context.js';

const later = (ms: number, done: string[], what: string): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(() => {
      done.push(what);
      resolve();
    }, ms),
  );

describe('drainBackground', () => {
  it('returns the answer only after the work the handler left in the background has finished', async () => {
    const background = new BackgroundWork();
    const done: string[] = [];
    const handler = middy<unknown, string>()
      .use(drainBackground(() => background))
      .handler(async () => {
        background.track(later(30, done, 'report'));
        return 'answer';
      });
    const answer = await handler({}, lambdaContext('test', 30_000));
    done.push(answer);
    expect(done).toEqual(['report', 'answer']);
  });

  it('drains before a failed handler throws, too', async () => {
    const background = new BackgroundWork();
    const done: string[] = [];
    const handler = middy<unknown, string>()
      .use(drainBackground(() => background))
      .handler(async () => {
        background.track(later(30, done, 'report'));
        throw new Error('step failed');
      });
    await expect(handler({}, lambdaContext('test', 30_000)).finally(() => done.push('thrown'))).rejects.toThrow(
      'step failed',
    );
    expect(done).toEqual(['report', 'thrown']);
  });

  it('does nothing when the site was never built', async () => {
    const handler = middy<unknown, string>()
      .use(drainBackground(() => undefined))
      .handler(async () => 'answer');
    expect(await handler({}, lambdaContext('test', 30_000))).toBe('answer');
  });
});
