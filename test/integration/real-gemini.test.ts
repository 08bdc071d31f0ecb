import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realClient } from '../helpers/client-session.js';

// The real Gemini CLI (pinned, installed by the test setup into a cache), offline, in a worktree that
// `spawn --client gemini` wired: what the model receives when agent-guard denies.
// Its run costs ~3 s of CPU on the 2-core machine (without its relaunch into a second node): it runs with `npm run test:clients` (CI runs both).
const gemini = realClient('gemini', 'Gemini CLI');

describe.skipIf(!gemini.binary)('with the real Gemini CLI (a trusted worktree, scripted model turns)', () => {
  it('denies an out-of-scope write_file and shell write (the model reads why) and lets an in-scope write through', async () => {
    const turn = (part: unknown) => JSON.stringify({ method: 'generateContentStream', response: [{ candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } }] });
    const script = join(gemini.home, 'gemini-turns.jsonl');
    writeFileSync(script, [
      turn({ functionCall: { name: 'write_file', args: { file_path: join(gemini.wt, 'src/orders/evil.ts'), content: 'x' } } }),
      turn({ functionCall: { name: 'write_file', args: { file_path: join(gemini.wt, 'web/gemini.ts'), content: 'ok' } } }),
      turn({ functionCall: { name: 'run_shell_command', args: { command: 'echo x > README.md' } } }),
      ...Array.from({ length: 3 }, () => turn({ functionCall: { name: 'run_shell_command', args: { command: 'echo "--- FAIL: TestCart"; exit 1' } } })),
      turn({ text: 'Done.' }),
    ].join('\n') + '\n');
    const result = await gemini.session.run(gemini.binary!, ['-m', 'gemini-2.5-flash', '-p', 'Do the task.', '--fake-responses', script, '--approval-mode=yolo', '--output-format', 'stream-json'], { GEMINI_API_KEY: 'not-a-key', GEMINI_CLI_NO_RELAUNCH: 'true' });
    expect(result.code, result.stderr).toBe(0);
    const results = result.stdout.split('\n').filter((l) => l.includes('"tool_result"')).map((l) => JSON.parse(l) as { status: string; output?: string });
    expect(results.map((r) => r.status).slice(0, 3)).toEqual(['error', 'success', 'error']);
    expect(results[0]!.output).toContain('agent-guard: src/orders/evil.ts is outside the scope of agent "web"');
    expect(existsSync(join(gemini.wt, 'src/orders/evil.ts'))).toBe(false);
    expect(readFileSync(join(gemini.wt, 'web/gemini.ts'), 'utf8')).toBe('ok');
    expect(results[2]!.output).toContain('this command would write README.md');
    // its session's tokens, from the chat log its calls named (each message once, though written twice)
    const { run } = await import('../helpers/cli.js');
    const web = JSON.parse(run(gemini.session.repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'web');
    expect(web.tokens).toEqual({ input: 70, output: 35, cacheRead: 0, cacheWrite: 0 });
    // the same failing test three times in its chat log: going in circles
    expect(web.flags).toContain('CIRCLING');
  });
});
