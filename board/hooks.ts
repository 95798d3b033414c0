import { useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  readonly value?: T;
  readonly error?: string;
  /** Read again now (after a button's action), without waiting for the next tick. */
  readonly refresh: () => void;
}

/**
 * `load` now and then every `everyMs` after each answer (never two at once), while `live` says so;
 * the last value stays shown while the next is read. A change of `key` starts over.
 */
export function usePoll<T>(
  load: () => Promise<T>,
  everyMs: number,
  key: string,
  live: (value: T) => boolean = () => true,
): Polled<T> {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const liveRef = useRef(live);
  liveRef.current = live;
  // Started again by a new key or a refresh; load and live are read through refs, never stale.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = async () => {
      try {
        const value = await loadRef.current();
        if (stopped) return;
        setState({ value });
        if (!liveRef.current(value)) return;
      } catch (error) {
        if (stopped) return;
        setState((previous) => ({ ...previous, error: error instanceof Error ? error.message : String(error) }));
      }
      timer = setTimeout(round, everyMs);
    };
    void round();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, tick, everyMs]);
  return { ...state, refresh: () => setTick((n) => n + 1) };
}
