import { describe, expect, it } from 'vitest';
import { agentFlags, eventsBySubagent, parseDuration, parseEvents, summarizeRefusals, type RefusalEvent } from '../../src/core/events.js';

const now = Date.parse('2026-11-25T12:00:00Z');
const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
const event = (minutesAgo: number, paths: string[], command?: string): RefusalEvent => ({
  at: at(minutesAgo),
  source: 'guard',
  kind: command ? 'bypass' : 'out-of-scope',
  paths,
  ...(command !== undefined && { command }),
});

describe('refusal log', () => {
  it("groups sub-agents' refusals by the agent each type maps to, leaving the main thread's and unmapped types out", () => {
    const of = (type: string) => ({ ...event(1, [`${type}.ts`]), subagent: type });
    const grouped = eventsBySubagent([of('test-writer'), event(1, ['main.ts']), of('explorer'), of('web'), of('test-writer')], (type) => ({ 'test-writer': 'tests', web: 'web' })[type] ?? null);
    expect([...grouped.keys()]).toEqual(['tests', 'web']);
    expect(grouped.get('tests')!.map((e) => e.paths[0])).toEqual(['test-writer.ts', 'test-writer.ts']);
  });

  it('reads lines, skipping and counting damaged ones', () => {
    const text = `${JSON.stringify(event(1, ['a']))}\n{"at":\n\n${JSON.stringify({ at: 'x' })}\n${JSON.stringify(event(0, ['b']))}\n`;
    const { events, unreadable } = parseEvents(text);
    expect(events.map((e) => e.paths[0])).toEqual(['a', 'b']);
    expect(unreadable).toBe(2);
  });

  it('counts total and recent refusals and names the last', () => {
    const summary = summarizeRefusals([event(30, ['a']), event(5, ['b']), event(1, ['c'])], now);
    expect(summary).toMatchObject({ total: 3, recent: 2, last: { at: at(1), source: 'guard', paths: ['c'] }, circlingOn: null });
    expect(summarizeRefusals([], now)).toEqual({ total: 0, recent: 0, last: null, circlingOn: null });
  });

  it('sees circling: 3 refusals of one path, or of one command', () => {
    expect(summarizeRefusals([event(3, ['a', 'b']), event(2, ['a']), event(1, ['a'])], now).circlingOn).toBe('a');
    const cmd = 'git commit -n -m x';
    expect(summarizeRefusals([event(3, [], cmd), event(2, [], cmd), event(1, [], cmd)], now).circlingOn).toBe(`command: ${cmd}`);
    expect(summarizeRefusals([event(3, ['a']), event(2, ['b']), event(1, ['a'])], now).circlingOn).toBeNull();
  });
});

describe('flags', () => {
  const quiet = summarizeRefusals([], now);
  const base = { violations: 0, refusals: quiet, lastChange: now, unfinished: true, hasWorktree: true, stallAfterMs: 15 * 60_000, startedAt: now };
  it.each([
    ['nothing wrong', {}, []],
    ['strayed', { violations: 2 }, ['STRAYED']],
    ['circling', { refusals: summarizeRefusals([event(3, ['a']), event(2, ['a']), event(1, ['a'])], now) }, ['CIRCLING']],
    ['stalled on unfinished work', { lastChange: now - 16 * 60_000 }, ['STALLED']],
    ['quiet but finished (committed, clean)', { lastChange: now - 60 * 60_000, unfinished: false }, []],
    ['never changed anything since it started long ago', { lastChange: null, startedAt: now - 20 * 60_000 }, ['STALLED']],
    ['no worktree', { lastChange: now - 60 * 60_000, hasWorktree: false }, []],
  ])('%s', (_label, override, flags) => {
    expect(agentFlags({ ...base, ...override }, now)).toEqual(flags);
  });
});

describe('durations', () => {
  it.each([
    ['15m', 900_000],
    ['90s', 90_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    ['15', null],
    ['1.5h', null],
    ['m', null],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
});
