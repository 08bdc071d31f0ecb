import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionTokens } from '../../src/status/tokens.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ag-tokens-'));
  mkdirSync(join(dir, 'agent-guard'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function session(name: string, lines: unknown[]): void {
  const transcript = join(dir, name);
  writeFileSync(transcript, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeFileSync(join(dir, 'agent-guard', 'sessions.jsonl'), JSON.stringify({ transcript_path: transcript }) + '\n', { flag: 'a' });
}

describe("the other clients' records of a session", () => {
  it("Codex's rollout: token counts are cumulative (the last stands), input includes the cached part, the model from the turn", () => {
    const count = (input: number, cached: number, output: number) => ({ type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: 1, total_tokens: input + output } } } });
    session('rollout.jsonl', [{ type: 'turn_context', payload: { model: 'gpt-5' } }, count(100, 20, 10), { type: 'event_msg', payload: { type: 'token_count', info: null } }, count(250, 60, 30)]);
    const record = sessionTokens(dir)!;
    expect(record.tokens).toEqual({ input: 190, output: 30, cacheRead: 60, cacheWrite: 0 });
    expect(Object.keys(record.byModel)).toEqual(['gpt-5']);
  });
  it("Gemini CLI's chat log: a message written twice counts once (the last line), thoughts are output", () => {
    const message = (id: string, input: number, output: number) => ({ id, type: 'gemini', model: 'gemini-2.5-flash', tokens: { input, output, cached: 4, thoughts: 2, tool: 0, total: input + output } });
    session('chat.jsonl', [{ id: 'u1', type: 'user', content: 'go' }, message('m1', 10, 5), message('m1', 12, 6), message('m2', 20, 1)]);
    expect(sessionTokens(dir)!.tokens).toEqual({ input: 24, output: 11, cacheRead: 8, cacheWrite: 0 });
  });
  it("Qwen Code's chat log: each assistant record's usage, in Gemini's shape", () => {
    session('qwen.jsonl', [{ uuid: 'a', type: 'assistant', model: 'qwen3', usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 1, cachedContentTokenCount: 3 } }, { uuid: 'b', type: 'system', usageMetadata: { promptTokenCount: 99 } }]);
    expect(sessionTokens(dir)!.tokens).toEqual({ input: 7, output: 6, cacheRead: 3, cacheWrite: 0 });
  });
  it("Copilot CLI's events: each model call's usage record once (input includes the cached part); the shutdown's totals are not counted again", () => {
    const usage = (id: string, model: string, input: number, cached: number, output: number) => ({ type: 'session.usage_record', id: `e-${id}`, data: { usage: { model, inputTokens: input, outputTokens: output, cacheReadTokens: cached, cacheWriteTokens: 1, apiCallId: id } } });
    const shutdown = { type: 'session.shutdown', data: { modelMetrics: { 'gpt-5': { usage: { inputTokens: 30, outputTokens: 15, cacheReadTokens: 8, cacheWriteTokens: 2 } } } } };
    session('events.jsonl', [{ type: 'session.start', data: {} }, usage('c1', 'gpt-5', 10, 4, 5), { type: 'assistant.message', data: { outputTokens: 5 } }, usage('c2', 'gpt-5', 20, 4, 10), usage('c3', 'claude-sonnet-4.5', 7, 0, 2), shutdown]);
    const record = sessionTokens(dir)!;
    expect(record.tokens).toEqual({ input: 29, output: 17, cacheRead: 8, cacheWrite: 3 });
    expect(record.byModel['gpt-5']).toEqual({ input: 22, output: 15, cacheRead: 8, cacheWrite: 2 });
  });
  it("OpenCode's usage as its plugin writes it (agent-guard's own lines): each message once, the last line standing; read without a session noted", () => {
    const line = (id: string, input: number) => ({ type: 'agent-guard.usage', client: 'opencode', id, model: 'test-model', tokens: { input, output: 5, cacheRead: 4, cacheWrite: 0 } });
    expect(sessionTokens(dir)).toBeNull();
    writeFileSync(join(dir, 'agent-guard', 'usage.jsonl'), [line('m1', 6), line('m2', 6), line('m2', 7)].map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(sessionTokens(dir)!.tokens).toEqual({ input: 13, output: 10, cacheRead: 8, cacheWrite: 0 });
  });
  it("Cline's session file, rewritten whole: its aggregate usage so far, read again whenever it changes (input includes the cached part)", () => {
    const file = join(dir, 'sessions', 's1', 's1.json');
    mkdirSync(join(dir, 'sessions', 's1'), { recursive: true });
    const write = (input: number, cached: number) => writeFileSync(file, JSON.stringify({ session_id: 's1', model: 'test-model', metadata: { usage: { inputTokens: 1 }, aggregateUsage: { inputTokens: input, outputTokens: 5, cacheReadTokens: cached, cacheWriteTokens: 0 } } }, null, 2));
    write(10, 4);
    writeFileSync(join(dir, 'agent-guard', 'sessions.jsonl'), JSON.stringify({ transcript_path: file, client: 'cline' }) + '\n');
    expect(sessionTokens(dir)!.tokens).toEqual({ input: 6, output: 5, cacheRead: 4, cacheWrite: 0 });
    write(30, 8);
    expect(sessionTokens(dir)!.tokens).toEqual({ input: 22, output: 5, cacheRead: 8, cacheWrite: 0 });
    writeFileSync(file, '{"session_id": "s1", "metad'); // caught mid-write
    const record = sessionTokens(dir)!;
    expect(record.tokens).toEqual({ input: 22, output: 5, cacheRead: 8, cacheWrite: 0 }); // as last read
    expect(record.unreadable[0]).toContain('not a whole JSON document');
    write(40, 8);
    expect(sessionTokens(dir)!.tokens).toEqual({ input: 32, output: 5, cacheRead: 8, cacheWrite: 0 });
  });
});
