import { afterEach, describe, expect, it } from 'vitest';
import { StopSignals } from '../../src/io/stop-signals.js';

describe('StopSignals', () => {
  let stops: StopSignals | null = null;
  afterEach(() => stops?.dispose());

  it('a signal that arrives just after a child failed is still read as the stop (Ctrl-C reached the child first)', async () => {
    stops = new StopSignals();
    setTimeout(() => process.emit('SIGINT', 'SIGINT'), 20);
    expect(await stops.stoppedAfterFailure()).toBe(true);
    expect(stops.signal).toBe('SIGINT');
    expect(StopSignals.exitCode(stops.signal!)).toBe(130);
  });

  it('a failure with no signal is a failure, after a short wait', async () => {
    stops = new StopSignals();
    const started = Date.now();
    expect(await stops.stoppedAfterFailure()).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('the first signal stands and every listener hears each one', () => {
    stops = new StopSignals();
    const heard: string[] = [];
    stops.onStop((signal) => heard.push(signal));
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGHUP', 'SIGHUP');
    expect(stops.signal).toBe('SIGTERM');
    expect(heard).toEqual(['SIGTERM', 'SIGHUP']);
  });
});
