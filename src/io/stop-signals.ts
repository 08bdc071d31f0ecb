/** The signals that ask a long command to stop: Ctrl-C, `kill`, a closed terminal. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const NUMBERS: Record<StopSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * While installed, a stop signal no longer ends the process at once: it is noted (and passed to the
 * listeners, e.g. to stop a child) so the command can finish the step it is in and wind down
 * between steps, leaving a complete state behind.
 */
export class StopSignals {
  signal: StopSignal | null = null;
  private readonly listeners = new Set<(signal: StopSignal) => void>();
  private readonly handler = (signal: StopSignal) => {
    this.signal ??= signal;
    for (const listener of this.listeners) listener(signal);
  };

  /** `listen` false: nothing is installed (a run that changes nothing keeps the process's own handling). */
  constructor(private readonly listen = true) {
    if (listen) for (const signal of SIGNALS) process.on(signal, this.handler);
  }

  /** Calls `listener` on each stop signal until the returned function is called. */
  onStop(listener: (signal: StopSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Whether a stop signal came, asked after a child failed: Ctrl-C reaches the children of the
   * terminal's process group too, and a child killed by it can be reaped before this process's own
   * handler has run. A short wait lets the handler run first, so the failure is read as the stop it is.
   */
  async stoppedAfterFailure(): Promise<boolean> {
    if (this.listen && this.signal === null) await new Promise((resolve) => setTimeout(resolve, 150));
    return this.signal !== null;
  }

  dispose(): void {
    if (this.listen) for (const signal of SIGNALS) process.off(signal, this.handler);
    this.listeners.clear();
  }

  /** The shell's exit code for a process ended by this signal (130 for Ctrl-C). */
  static exitCode(signal: StopSignal): number {
    return 128 + NUMBERS[signal];
  }
}
