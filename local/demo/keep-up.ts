import type { AfterJob } from './run-demo.js';

/** What the federation waits on after the job: the process, or a stand-in in tests. */
export interface SignalSource {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** The signals that end the wait: Ctrl-C at the terminal, and a polite kill. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * `npm start` keeps the federation and the board up after the job only for a person at a terminal
 * (stdout a TTY), who can look at the board and press Ctrl-C; tests and CI have no TTY and want
 * the process to end with the job, as it always did.
 */
export function keepsFederationUp(stdout: { readonly isTTY?: boolean }): boolean {
  return stdout.isTTY === true;
}

/** Resolves with the first stop signal, and leaves no listener behind (a second Ctrl-C then kills at once). */
export function untilStopSignal(signals: SignalSource): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const listeners = STOP_SIGNALS.map((signal) => {
      const listener = () => {
        for (const [other, registered] of listeners) signals.off(other, registered);
        resolve(signal);
      };
      return [signal, listener] as const;
    });
    for (const [signal, listener] of listeners) signals.once(signal, listener);
  });
}

/**
 * The demo's after-job step at a terminal: says where the board is and waits for Ctrl-C; runDemo
 * then stops the federation as it does after any job. `stopped` is set once the signal came, so
 * the caller exits 0: stopping was asked for.
 */
export function stayUpUntilStopped(
  log: (line: string) => void,
  signals: SignalSource,
): { readonly afterJob: AfterJob; readonly stopped: () => boolean } {
  let stopped = false;
  return {
    afterJob: async ({ jobPageUrl }) => {
      log('');
      log(`the federation and the board stay up: ${jobPageUrl}`);
      log('press Ctrl-C to stop them');
      const signal = await untilStopSignal(signals);
      log(`${signal}: stopping the federation`);
      stopped = true;
    },
    stopped: () => stopped,
  };
}
