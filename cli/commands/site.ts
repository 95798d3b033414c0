import type { Command } from 'commander';
import { resolveClientConfig } from '../../client/client-config.js';
import { type Envelope, FlowClient, parseEnvelope, type RawResponse } from '../../client/flow-client.js';
import { runningLocalSite } from '../local-site-config.js';
import { printJson } from '../output.js';

/** The global options every command sees (`flow --party 10000 job query …`). */
export interface GlobalOptions {
  /** The local federation's site to talk to (`--party` or FATE_FLOW_PARTY). */
  readonly party?: number;
}

/** A client of the site this command talks to (see resolveClientConfig for the order). */
export async function siteClient(command: Command): Promise<FlowClient> {
  const { party } = command.optsWithGlobals<GlobalOptions>();
  const runningSite = () => runningLocalSite(party === undefined ? {} : { party });
  return new FlowClient(await resolveClientConfig({ runningSite }));
}

/** Prints the envelope as FATE's CLI does; a non-zero retcode makes `flow` exit 1. */
export function printEnvelope(envelope: Envelope | Record<string, unknown>): void {
  printJson(envelope);
  if (envelope.retcode !== 0) process.exitCode = 1;
}

/** Whether a file download answered with FATE's JSON envelope instead of the file (a failure). */
export function isEnvelopeAnswer(response: RawResponse): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && /^application\/json\b/i.test(type);
}

/**
 * Prints the envelope a download answered with instead of a file and exits 1, whatever its retcode
 * (no file came, so the command did not do its job).
 */
export function printEnvelopeAnswer(response: RawResponse): void {
  printJson(parseEnvelope(response));
  process.exitCode = 1;
}
