import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClient } from '../helpers/client-session.js';
import { cleanEnv } from '../helpers/env.js';
import { fakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';

// The real Cline CLI (pinned, installed by the test setup into a cache), offline (an OpenAI-compatible
// provider pointed at a stand-in), in a worktree that `spawn --client cline` wired. Cline's file hooks
// cannot skip one call: agent-guard's refusal cancels the whole task, before the write.
// It runs with `npm run test:clients` (CI runs both).
const cline = realClient('cline', 'Cline CLI');
const dataDir = () => join(cline.home, 'cline-data');

/**
 * One stand-in for both tasks (each takes the next scripted steps) and one `cline auth`: each Cline
 * start costs ~4 s of CPU here.
 */
let api: FakeOpenAi;
beforeAll(async () => {
  if (!cline.binary) return;
  api = await fakeOpenAi([
    { tool: 'editor', args: { path: join(cline.wt, 'web/cline.ts'), new_text: 'ok' } },
    { tool: 'editor', args: { path: join(cline.wt, 'src/orders/cline.ts'), new_text: 'x' } },
    { tool: 'run_commands', args: { commands: ['echo stray > README.md'] } },
    ...Array.from({ length: 3 }, () => ({ tool: 'run_commands', args: { commands: ['echo "--- FAIL: TestCart"; exit 1'] } })),
  ], { cachedTokens: 4 });
  const auth = await cline.session.run(cline.binary, ['auth', '-p', 'openai-compatible', '-k', 'not-a-key', '-m', 'test-model', '-b', api.url, '--data-dir', dataDir()]);
  expect(auth.code, auth.stderr).toBe(0);
}, 60_000);
afterAll(() => api?.close());

/** One headless Cline task; its JSON lines and the requests it sent. */
async function task() {
  const sent = api.requests.length;
  const result = await cline.session.run(cline.binary!, ['Do the task.', '--json', '-c', cline.wt, '--data-dir', dataDir(), '-t', '120']);
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; finishReason?: string });
  return { ...result, lines, requests: api.requests.slice(sent) };
}

const events = () => {
  const gitDir = execFileSync('git', ['rev-parse', '--absolute-git-dir'], { cwd: cline.wt, env: cleanEnv(), encoding: 'utf8' }).trim();
  const log = join(gitDir, 'agent-guard', 'events.jsonl');
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; paths: string[] }) : [];
};

describe.skipIf(!cline.binary)('with the real Cline CLI (an OpenAI-compatible provider, headless)', () => {
  it('lets an in-scope editor write through, then cancels the task at an out-of-scope one, which is never written', async () => {
    const run = await task();
    expect(readFileSync(join(cline.wt, 'web/cline.ts'), 'utf8')).toBe('ok');
    expect(JSON.stringify(run.requests[1]?.messages)).toContain('File created successfully');
    expect(existsSync(join(cline.wt, 'src/orders/cline.ts'))).toBe(false);
    expect(run.lines.find((l) => l.type === 'run_result')?.finishReason).toBe('aborted');
    expect(run.requests).toHaveLength(2); // no turn after the refusal: the task ended there
    expect(events().at(-1)).toMatchObject({ kind: 'out-of-scope', paths: ['src/orders/cline.ts'] });
  });

  it('cancels a shell command that writes out of scope before it runs', async () => {
    const before = readFileSync(join(cline.wt, 'README.md'), 'utf8');
    const run = await task();
    expect(readFileSync(join(cline.wt, 'README.md'), 'utf8')).toBe(before);
    expect(run.lines.find((l) => l.type === 'run_result')?.finishReason).toBe('aborted');
    expect(events().at(-1)).toMatchObject({ paths: ['README.md'] });
  });

  it('a task that ends on its own runs the TaskComplete program: status sees the agent IDLE, its tokens, and a test failing three times', async () => {
    const run = await task(); // three failing test runs, then (past the script) the stand-in answers with text
    expect(run.code, run.stderr).toBe(0);
    const { run: cli } = await import('../helpers/cli.js');
    const web = JSON.parse(cli(cline.session.repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'web');
    expect(web.flags, run.stdout).toContain('IDLE');
    const gitDir = execFileSync('git', ['rev-parse', '--absolute-git-dir'], { cwd: cline.wt, env: cleanEnv(), encoding: 'utf8' }).trim();
    expect(JSON.parse(readFileSync(join(gitDir, 'agent-guard', 'attention.json'), 'utf8'))).toMatchObject({ hookName: 'agent_end' });
    // the tokens of the three sessions, whose calls the guard saw (each session's file is its running total)
    const noted = readFileSync(join(gitDir, 'agent-guard', 'sessions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { transcript_path: string; client: string });
    expect(noted.map((n) => n.client)).toEqual(['cline', 'cline', 'cline']);
    const calls = api.requests.length;
    expect(web.tokens).toEqual({ input: 6 * calls, output: 5 * calls, cacheRead: 4 * calls, cacheWrite: 0 });
    // the same test failing three times in its messages: going in circles
    expect(web.flags).toContain('CIRCLING');
    expect(web.corrections).toBe(0);
  });
});
