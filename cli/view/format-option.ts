import { Option } from 'commander';
import type { Envelope } from '../../client/flow-client.js';
import { printEnvelope } from '../commands/site.js';

export type Format = 'json' | 'table';

/** `--format table|json`; without it, a table for a person at a terminal and FATE's JSON for a script. */
export function formatOption(): Option {
  return new Option('--format <format>', 'output format (default: table on a terminal, else JSON)').choices([
    'json',
    'table',
  ]);
}

export function resolveFormat(given: Format | undefined): Format {
  return given ?? (process.stdout.isTTY === true ? 'table' : 'json');
}

/**
 * Prints a listing's answer: FATE's JSON envelope, or `table(data)` for people. A refusal is
 * always the envelope (its retcode and message are the point), and exits 1 either way.
 */
export function printListing(envelope: Envelope, format: Format | undefined, table: (data: unknown) => string): void {
  if (resolveFormat(format) === 'json' || envelope.retcode !== 0) printEnvelope(envelope);
  else process.stdout.write(table(envelope.data));
}
