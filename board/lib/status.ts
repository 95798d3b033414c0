/**
 * FATE's task and job statuses as the board shows them: one colour each, chosen so that white text
 * on it has at least WCAG AA's 4.5:1 contrast (test/unit/board/status.test.ts computes it).
 */
export const STATUS_COLOURS: Readonly<Record<string, string>> = {
  success: '#1a7f37',
  running: '#0550ae',
  waiting: '#57606a',
  ready: '#57606a',
  pending: '#57606a',
  pass: '#4d5a66',
  failed: '#b3261e',
  canceled: '#8a5a00',
  timeout: '#953800',
};

/** A status the board does not know (a newer site's) is drawn as waiting rather than not at all. */
export function statusColour(status: string): string {
  return STATUS_COLOURS[status] ?? (STATUS_COLOURS.waiting as string);
}

const FINAL = new Set(['success', 'pass', 'failed', 'canceled', 'timeout']);

export function isFinal(status: string): boolean {
  return FINAL.has(status);
}

/**
 * One status for a component from its parties' (the DAG node's colour): a failure anywhere shows,
 * then a stop, then work under way; green only once every party has succeeded (or passed: FATE's
 * need_run false).
 */
export function componentStatus(partyStatuses: readonly string[]): string {
  if (partyStatuses.length === 0) return 'waiting';
  for (const status of ['failed', 'timeout', 'canceled', 'running']) if (partyStatuses.includes(status)) return status;
  if (partyStatuses.every((status) => status === 'success' || status === 'pass')) return 'success';
  return partyStatuses.some((status) => status === 'success' || status === 'pass') ? 'running' : 'waiting';
}

/** WCAG 2's contrast ratio of two `#rrggbb` colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
