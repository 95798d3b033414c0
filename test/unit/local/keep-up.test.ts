import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { FlowClient } from '../../../client/flow-client.js';
import { boardJobUrl } from '../../../functions/services/site-links.js';
import { localBoardUrl } from '../../../local/board/board-url.js';
import { keepsFederationUp, stayUpUntilStopped, untilStopSignal } from '../../../local/demo/keep-up.js';

describe('npm start after the job', () => {
  it('keeps the federation up only when stdout is a terminal', () => {
    expect(keepsFederationUp({ isTTY: true })).toBe(true);
    expect(keepsFederationUp({ isTTY: false })).toBe(false);
    // A pipe or a file (tests, CI): Node leaves isTTY undefined.
    expect(keepsFederationUp({})).toBe(false);
  });

  it('waits for Ctrl-C (or SIGTERM), then leaves no listener behind', async () => {
    const signals = new EventEmitter();
    const waiting = untilStopSignal(signals);
    expect([signals.listenerCount('SIGINT'), signals.listenerCount('SIGTERM')]).toEqual([1, 1]);
    signals.emit('SIGINT');
    expect(await waiting).toBe('SIGINT');
    expect([signals.listenerCount('SIGINT'), signals.listenerCount('SIGTERM')]).toEqual([0, 0]);

    const terminated = untilStopSignal(signals);
    signals.emit('SIGTERM');
    expect(await terminated).toBe('SIGTERM');
    expect([signals.listenerCount('SIGINT'), signals.listenerCount('SIGTERM')]).toEqual([0, 0]);
  });

  it("prints the job's board page, ends its step at Ctrl-C and reports it stopped (the exit is then 0)", async () => {
    const signals = new EventEmitter();
    const lines: string[] = [];
    const stayUp = stayUpUntilStopped((line) => lines.push(line), signals);
    const jobPageUrl = boardJobUrl(localBoardUrl('http://127.0.0.1:9999'), '202612071300000000001');
    let done = false;
    const step = stayUp
      .afterJob({
        jobId: '202612071300000000001',
        clientOf: () => new FlowClient({ url: 'http://127.0.0.1:9999' }),
        siteOf: () => ({ apiUrl: 'http://127.0.0.1:9999', token: '' }),
        jobPageUrl,
      })
      .then(() => {
        done = true;
      });
    await Promise.resolve();
    expect([done, stayUp.stopped()]).toEqual([false, false]);
    signals.emit('SIGINT');
    await step;
    expect(stayUp.stopped()).toBe(true);
    expect(lines).toEqual([
      '',
      'the federation and the board stay up: http://127.0.0.1:9999/board/#/job/202612071300000000001',
      'press Ctrl-C to stop them',
      'SIGINT: stopping the federation',
    ]);
  });
});

describe('board links', () => {
  it("put the job's page in the fragment of the board's URL, with or without its trailing slash", () => {
    expect(localBoardUrl('http://127.0.0.1:9999')).toBe('http://127.0.0.1:9999/board/');
    expect(localBoardUrl('http://127.0.0.1:9999/')).toBe('http://127.0.0.1:9999/board/');
    expect(boardJobUrl('https://d111111abcdef8.cloudfront.net/', '202612071300000000001')).toBe(
      'https://d111111abcdef8.cloudfront.net/#/job/202612071300000000001',
    );
    expect(boardJobUrl('https://flow.example.org', '202612071300000000001')).toBe(
      'https://flow.example.org/#/job/202612071300000000001',
    );
  });
});
