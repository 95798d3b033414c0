/**
 * Work a service starts and does not wait for (a task report after answering `task.start`). In
 * Lambda it finishes within the invocation; locally a site waits for it before it stops, so that
 * nothing writes to a store that is gone.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  track(work: Promise<unknown>): void {
    const settled = work
      .catch((error: unknown) => console.error('background work failed', error))
      .finally(() => {
        this.pending.delete(settled);
      });
    this.pending.add(settled);
  }

  /** Resolves when everything tracked so far (and what it tracked meanwhile) has settled. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
