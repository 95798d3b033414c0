/**
 * A stack frame of the runner's bundle (runner.mjs) named by the TypeScript source it came from,
 * read from the bundle's source map only when an error report is written. Node's
 * `--enable-source-maps` would parse the 2 MB map at every start instead: about 0.3 s of each
 * task's start for a map that only a failed task reads (docs/task-start.md).
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** `file:///…/runner.mjs:<line>:<column>` in a V8 stack line. */
const BUNDLE_POSITION = /(file:\/\/[^\s()]+\.mjs):(\d+):(\d+)/;

/** Each bundle's map once read (null: it has none, or it could not be read). */
const maps = new Map<string, SourceMap | null>();

function mapOf(url: string): SourceMap | null {
  let map = maps.get(url);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return map;
}

/** The frame with its bundle position replaced by the source file, line and column; any other line as it is. */
export function sourceMappedFrame(frame: string): string {
  const match = BUNDLE_POSITION.exec(frame);
  if (match === null) return frame;
  const [position, url = '', line, column] = match;
  const entry = mapOf(url)?.findEntry(Number(line) - 1, Number(column) - 1);
  if (entry === undefined || !('originalSource' in entry)) return frame;
  const source = fileURLToPath(new URL(entry.originalSource, url));
  return frame.replace(position, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
}
