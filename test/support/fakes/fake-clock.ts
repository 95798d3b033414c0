/** Epoch milliseconds that move only when a test moves them. */
export class FakeClock {
  constructor(private current = Date.UTC(2026, 11, 7, 8, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }
}
