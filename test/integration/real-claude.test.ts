import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { claudeBinary } from '../helpers/claude-binary.js';
import { cleanEnv } from '../helpers/env.js';
import { fakeAnthropic, type Step } from '../helpers/fake-anthropic.js';

// The real Claude Code CLI (pinned, installed by the test setup into a cache) against a scripted
// stand-in for the Messages API: what the model receives when agent-guard denies or reports.
const binary = claudeBinary();
let repo: AgentRepo;
let wt: string;
let home: string;
beforeAll(() => {
  repo = makeAgentRepo({}, { spawn: ['orders'] });
  wt = repo.agentPath('orders');
  home = mkdtempSync(join(tmpdir(), 'ag-claude-home-'));
});
afterAll(() => {
  repo.remove();
  rmSync(home, { recursive: true, force: true });
});

async function claude(steps: Step[], cwd = wt, args: string[] = [], extraEnv: Record<string, string> = {}) {
  const api = await fakeAnthropic(steps);
  try {
    const env = cleanEnv({
      HOME: home,
      ANTHROPIC_BASE_URL: api.url,
      ANTHROPIC_API_KEY: 'sk-test-not-a-key',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      IS_SANDBOX: '1',
      ...extraEnv,
    });
    const child = spawn(binary!, [...args, '-p', 'Do the task.', '--output-format', 'json', '--dangerously-skip-permissions'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    return { code, stdout, stderr, toolResults: api.lastMessages.map((m) => JSON.stringify(m)), bodies: api.bodies };
  } finally {
    await api.close();
  }
}

describe.skipIf(!binary)('with the real Claude Code CLI', () => {
  // One session, one tool call per point (each Claude Code start costs ~1 s of CPU): request k+1
  // carries the result of step k.
  it('denies an out-of-scope Write (the model reads why), lets an in-scope Write through, denies switching the hooks off and a shell write out of scope, and reports a write it could not read beforehand (PostToolUse)', async () => {
    const result = await claude([
      { tool: 'Write', input: { file_path: join(wt, 'web/evil.ts'), content: 'x' } },
      { tool: 'Write', input: { file_path: join(wt, 'src/orders/new.ts'), content: 'export const x = 1;\n' } },
      { tool: 'Bash', input: { command: 'bash -c "git commit --no-verify -m x"', description: 'commit' } },
      { tool: 'Bash', input: { command: 'echo hi > web/evil.ts', description: 'write' } },
      { tool: 'Bash', input: { command: 'd=web; echo hi > "$d/generated.ts"', description: 'generate' } },
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [, outOfScopeWrite, , noVerify, shellWrite, unreadableWrite] = result.toolResults;
    expect(outOfScopeWrite).toContain('web/evil.ts is outside the scope of agent');
    expect(readFileSync(join(wt, 'src/orders/new.ts'), 'utf8')).toBe('export const x = 1;\n');
    expect(noVerify).toContain('`git commit --no-verify` / `-n` skips the pre-commit hook');
    expect(shellWrite).toContain('this command would write web/evil.ts');
    expect(existsSync(join(wt, 'web/evil.ts'))).toBe(false);
    expect(existsSync(join(wt, 'web/generated.ts'))).toBe(true); // it ran: PostToolUse reports, it cannot prevent
    expect(unreadableWrite).toContain('PostToolUse:Bash hook');
    expect(unreadableWrite).toContain('web/generated.ts (out of scope)');
    expect(unreadableWrite).toContain('git clean -f -q -- web/generated.ts');
  });
});

const sandboxTools = ['bwrap', 'socat'].filter((tool) => !(process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, tool))));
if (binary && process.platform === 'linux' && sandboxTools.length) console.log(`skipped: the sandbox case needs ${sandboxTools.join(' and ')} (apt-get install bubblewrap socat)`);

describe.skipIf(!binary || (process.platform === 'linux' && sandboxTools.length > 0))("Claude Code's Bash sandbox (spawn --sandbox)", () => {
  it('makes a write into the main checkout fail, even one the guard cannot read beforehand', async () => {
    const { run } = await import('../helpers/cli.js');
    expect(run(repo.path, ['spawn', 'docs', '--scope', 'docs/**', '--sandbox']).code).toBe(0);
    const docs = repo.agentPath('docs');
    const before = readFileSync(join(repo.path, 'README.md'), 'utf8');
    const result = await claude([{ tool: 'Bash', input: { command: `d=${repo.path}; echo stray > "$d/README.md"`, description: 'write' } }], docs);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(repo.path, 'README.md'), 'utf8')).toBe(before);
    expect(result.toolResults[1]).toMatch(/Read-only file system|Operation not permitted|Permission denied/);
  });
});

describe.skipIf(!binary)('init --claude-subagents', () => {
  // One session: the main session is offered the generated sub-agents, then hands work to two of them.
  it("writes sub-agents Claude Code offers the main session, and judges each sub-agent's (and a named teammate's) calls by its own agent's scope: the reason reaches it, the owner writes the same path", async () => {
    const { run } = await import('../helpers/cli.js');
    expect(run(repo.path, ['init', '--claude-subagents']).code).toBe(0);
    expect(readFileSync(join(repo.path, '.claude/settings.local.json'), 'utf8')).toContain('guard-entry.js');
    const result = await claude(
      [
        // in the foreground: the sub-agent's requests come next, in order (a background one interleaves with the main session's)
        // a named teammate (agent teams on): judged by its type, as a sub-agent
        { tool: 'Agent', input: { subagent_type: 'web', name: 'web-mate', description: 'Web work', prompt: 'Change the web page.', run_in_background: false } },
        { tool: 'Write', input: { file_path: join(repo.path, 'src/orders/from-web.ts'), content: 'x' } }, // the sub-agent's first turn
        { tool: 'Write', input: { file_path: join(repo.path, 'web/from-web.ts'), content: 'web\n' } },
        { text: 'Web page changed.' }, // the sub-agent ends
        // the same path, written by the sub-agent whose scope holds it
        { tool: 'Agent', input: { subagent_type: 'orders', description: 'Orders work', prompt: 'Add the file.', run_in_background: false } },
        { tool: 'Write', input: { file_path: join(repo.path, 'src/orders/from-web.ts'), content: 'orders\n' } },
        { text: 'File added.' },
        { text: 'Done.' }, // the main session ends
      ],
      repo.path,
      [],
      { CLAUDE_CODE_EXPERIMENTAL_AGENT_TEAMS: '1' },
    );
    expect(result.code, result.stderr).toBe(0);
    // the Agent tool's description lists the sub-agents Claude Code loaded, with their descriptions
    expect(result.bodies[0]).toMatch(/orders: Work on src\/orders\/\*\*\. Only changes src\/orders\/\*\*; use it for work there\./);
    // the sub-agent's second request carries the denial as its Write's result (a system reminder follows it)
    const denied = (JSON.parse(result.bodies[2]!) as { messages: { content: unknown }[] }).messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])) as { type: string; tool_use_id?: string; content?: unknown }[];
    expect(JSON.stringify(denied.find((c) => c.type === 'tool_result' && c.tool_use_id === 'toolu_2'))).toContain('src/orders/from-web.ts is outside the scope of agent \\"web\\"');
    expect(readFileSync(join(repo.path, 'web/from-web.ts'), 'utf8')).toBe('web\n');
    expect(readFileSync(join(repo.path, 'src/orders/from-web.ts'), 'utf8')).toBe('orders\n');
    // the refusal is logged with the sub-agent's name
    const events = readFileSync(join(repo.path, '.git/agent-guard/events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.at(-1)).toMatchObject({ source: 'guard', subagent: 'web', paths: ['src/orders/from-web.ts'] });
  });
});

describe.skipIf(!binary)('claude -w NAME with init --claude-worktrees', () => {
  it('spawns agent NAME through agent-guard', async () => {
    const { run } = await import('../helpers/cli.js');
    expect(run(repo.path, ['init', '--claude-worktrees']).code).toBe(0);
    const result = await claude([{ text: 'Nothing to do.' }], repo.path, ['-w', 'web']);
    expect(result.code, result.stderr).toBe(0);
    const web = repo.agentPath('web');
    expect(existsSync(join(web, '.agent-guard', 'scope.md'))).toBe(true);
    expect(readFileSync(join(web, '.claude', 'settings.local.json'), 'utf8')).toContain('guard-entry.js');
  });
});

describe.skipIf(!binary)('what its sessions tell status', () => {
  it('IDLE after its Stop hook, and exactly the tokens Claude Code reported, summed over two sessions', async () => {
    const { run } = await import('../helpers/cli.js');
    // an agent of its own: no other test's session in its worktree
    expect(run(repo.path, ['spawn', 'notes', '--scope', 'notes/**']).code).toBe(0);
    const docs = repo.agentPath('notes');
    const reported = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
    for (const steps of [[{ text: 'Nothing to do.' }], [{ tool: 'Bash', input: { command: 'true', description: 'check' } }, { text: 'Checked.' }]] as Step[][]) {
      const result = await claude(steps, docs);
      expect(result.code, result.stderr).toBe(0);
      const usage = JSON.parse(result.stdout).usage as Record<string, number>;
      reported.input += usage.input_tokens ?? 0;
      reported.output += usage.output_tokens ?? 0;
      reported.cacheRead += usage.cache_read_input_tokens ?? 0;
      reported.cacheWrite += usage.cache_creation_input_tokens ?? 0;
    }
    expect(reported.output).toBeGreaterThan(0);
    const status = JSON.parse(run(repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'notes');
    expect(status.tokens).toEqual(reported);
    expect(status.state.state).toBe('idle');
    expect(status.flags).toContain('IDLE');
  });
});

if (!binary) console.log(`skipped: the real Claude Code CLI is not installed (${claudeBinary.why})`);
