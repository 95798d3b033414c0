/** `1m 05s`, `12.3 s`, `—` when there is nothing to show. */
export function formatElapsed(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** A FATE time (ms since the epoch) in the viewer's local time, `—` when not yet. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms <= 0) return '—';
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** How long a job has run: its elapsed once recorded, else from its start to now while it runs. */
export function jobElapsed(
  job: { start_time: number | null; end_time: number | null; elapsed: number | null },
  now: number,
) {
  if (job.elapsed !== null) return job.elapsed;
  if (job.start_time === null) return null;
  return (job.end_time ?? now) - job.start_time;
}
