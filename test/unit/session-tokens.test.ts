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
});
