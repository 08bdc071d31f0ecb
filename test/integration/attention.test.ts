import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { run } from '../helpers/cli.js';

let repo: AgentRepo;
beforeEach(() => {
  repo = makeAgentRepo({}, { spawn: ['web'] });
});
afterEach(() => repo.remove());

/** Runs the worktree's Claude Code hook for `event` as Claude Code does: the command in sh, the payload on stdin. */
function fire(event: 'Notification' | 'Stop' | 'SessionStart', payload: Record<string, unknown>): void {
  const wt = repo.agentPath('web');
  const settings = JSON.parse(readFileSync(join(wt, '.claude', 'settings.local.json'), 'utf8'));
  const command = settings.hooks[event][0].hooks[0].command as string;
  const result = spawnSync('sh', ['-c', command], { cwd: wt, input: JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: event, ...payload }) });
  expect(result.status).toBe(0);
}
const web = () => (JSON.parse(run(repo.path, ['status', '--json']).stdout).agents as { name: string; flags: string[]; state: { state: string; since: string | null; message: string | null } }[]).find((a) => a.name === 'web')!;

describe('which agent waits for you (Claude Code)', () => {
  it('marks the agent WAITING on a permission prompt, with the message, until the session moves on; IDLE when its turn ends', () => {
    const transcript = join(repo.path, 'transcript.jsonl');
    writeFileSync(transcript, '{}\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(transcript, past, past);
    fire('Notification', { notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash', transcript_path: transcript });
    expect(web().state).toMatchObject({ state: 'waiting', message: 'Claude needs your permission to use Bash' });
    expect(web().flags).toContain('WAITING');
    expect(run(repo.path, ['status']).stdout).toMatch(/Waiting for you:\n {2}web, for \d+s: Claude needs your permission to use Bash/);
    // the human answered and a tool ran: the transcript moved on
    const later = new Date(Date.now() + 10_000);
    utimesSync(transcript, later, later);
    expect(web().state.state).toBe('working');
    expect(web().flags).not.toContain('WAITING');

    fire('Stop', { transcript_path: join(repo.path, 'none.jsonl'), stop_hook_active: false, background_tasks: [] });
    expect(web().state.state).toBe('idle');
    expect(web().flags).toContain('IDLE');
    fire('Stop', { transcript_path: join(repo.path, 'none.jsonl'), background_tasks: [{ id: 't1' }] });
    expect(web().state.state).toBe('working'); // its background tasks go on
    fire('Notification', { notification_type: 'idle_prompt', message: 'Claude is waiting for your input', transcript_path: join(repo.path, 'none.jsonl') });
    expect(web().state).toMatchObject({ state: 'idle', message: 'Claude is waiting for your input' });
  });
});

describe('tokens and cost per agent (Claude Code transcripts)', () => {
  it('sums each message once over the sessions since spawn, reads only new whole lines on the next look, and prices them', () => {
    const line = (id: string, input: number, output: number, model = 'claude-test') =>
      JSON.stringify({ type: 'assistant', message: { id, model, usage: { input_tokens: input, output_tokens: output, cache_read_input_tokens: 100, cache_creation_input_tokens: 10 } } }) + '\n';
    const first = join(repo.path, 'session-1.jsonl');
    const second = join(repo.path, 'session-2.jsonl');
    // one reply written as two lines (text + tool_use) with its usage repeated: counted once
    writeFileSync(first, line('m1', 10, 20) + line('m1', 10, 20) + JSON.stringify({ type: 'user', message: { role: 'user', content: 'go on' } }) + '\n' + line('m2', 5, 5));
    writeFileSync(second, line('m3', 1, 2));
    fire('SessionStart', { transcript_path: first, source: 'startup' });
    fire('SessionStart', { transcript_path: second, source: 'startup' });
    repo.config({ base: 'main', agents: { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] } }, prices: { 'claude-test': { input: 1, output: 2, cacheRead: 0.5, cacheWrite: 1 } } });
    const tokensOf = () => JSON.parse(run(repo.path, ['status', '--json']).stdout).agents.find((a: { name: string }) => a.name === 'web') as { tokens: Record<string, number>; cost: number };
    expect(tokensOf().tokens).toEqual({ input: 16, output: 27, cacheRead: 300, cacheWrite: 30 });
    // (16*1 + 27*2 + 300*0.5 + 30*1) / 1e6
    expect(tokensOf().cost).toBe(0.0003);
    // a line still being written is left for the next look; a finished one counts
    appendFileSync(second, line('m4', 100, 100).slice(0, 20));
    expect(tokensOf().tokens.input).toBe(16);
    appendFileSync(second, line('m4', 100, 100).slice(20));
    expect(tokensOf().tokens).toMatchObject({ input: 116, output: 127 });
    // a rotated transcript is read again from its start
    writeFileSync(second, line('m9', 1, 1));
    expect(tokensOf().tokens).toMatchObject({ input: 16, output: 26 });
    expect(run(repo.path, ['status']).stdout).toMatch(/Tokens \(in \/ out \/ cache read\): web 16 \/ 26 \/ 300 \(\$0\.00\)/);
  });
});

/** Claude Code transcript lines: a person's prompt, a Bash call, and its result. */
const prompt = (text: string) => JSON.stringify({ type: 'user', message: { role: 'user', content: text } }) + '\n';
const bash = (id: string, command: string) => JSON.stringify({ type: 'assistant', message: { id: `m-${id}`, model: 'claude-test', content: [{ type: 'tool_use', id, name: 'Bash', input: { command } }], usage: { input_tokens: 100, output_tokens: 100 } } }) + '\n';
const result = (id: string, failed: boolean, text: string) => JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, is_error: failed, content: text }] } }) + '\n';

/** Runs the worktree's own PreToolUse command (the guard) with a Read call, as Claude Code would. */
function guardRead(): { code: number | null; stdout: string } {
  const wt = repo.agentPath('web');
  const settings = JSON.parse(readFileSync(join(wt, '.claude', 'settings.local.json'), 'utf8'));
  const command = settings.hooks.PreToolUse[0].hooks[0].command as string;
  const ran = spawnSync('sh', ['-c', command], { cwd: wt, input: JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(wt, 'web/page.ts') } }), encoding: 'utf8' });
  return { code: ran.status, stdout: ran.stdout };
}

describe('restart signals and budgets from the sessions', () => {
  it('CIRCLING on the same failing command three times, RESTART? at three corrections; reset --task keeps the counts', () => {
    const transcript = join(repo.path, 'session.jsonl');
    writeFileSync(
      transcript,
      prompt('Make the page load faster') +
        bash('t1', 'npm test') + result('t1', true, 'Exit code 1\n FAIL  web/page.test.ts > loads\n') +
        prompt('no, keep the cache') +
        bash('t2', 'npm test') + result('t2', true, 'Exit code 1') +
        bash('t3', 'ls') + result('t3', false, 'web') +
        prompt('<command-name>/clear</command-name>') +
        prompt('the cache, I said') +
        bash('t4', 'npm test') + result('t4', true, 'Exit code 1'),
    );
    fire('SessionStart', { transcript_path: transcript, source: 'startup' });
    const first = web() as unknown as { flags: string[]; corrections: number; failingAgain: string };
    expect(first.flags).toContain('CIRCLING');
    expect(first.failingAgain).toBe('command: npm test');
    expect(first.corrections).toBe(2); // the slash command is no correction
    expect(first.flags).not.toContain('RESTART?');
    appendFileSync(transcript, prompt('stop, read the test first'));
    const second = web() as unknown as { flags: string[]; corrections: number };
    expect(second.corrections).toBe(3);
    expect(second.flags).toContain('RESTART?');
    const text = run(repo.path, ['status']).stdout;
    expect(text).toContain('Agent "web" is going in circles: the same failing command 3 times or more in its sessions: npm test');
    expect(text).toContain('Agent "web" has needed 3 corrections after its first prompt');

    const reset = run(repo.path, ['reset', 'web', '--force', '--task', 'Cache the page; run npm test once at the end']);
    expect(reset.code, reset.stdout + reset.stderr).toBe(0);
    expect(reset.stdout).toContain('Its corrections (prompts after the first): 3');
    expect(reset.stdout).toContain('failed 3 times: command: npm test');
    const note = run(repo.path, ['status', '--json']);
    expect(JSON.parse(note.stdout).agents.find((a: { name: string }) => a.name === 'web').flags).not.toContain('CIRCLING'); // a fresh session
  });

  it('OVER-BUDGET past the tokens budget; with budget.action "stop" the guard refuses every further tool call', () => {
    const transcript = join(repo.path, 'session.jsonl');
    writeFileSync(transcript, prompt('go') + bash('t1', 'ls') + result('t1', false, 'web'));
    fire('SessionStart', { transcript_path: transcript, source: 'startup' });
    const agents = { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'], budget: { tokens: 250 } } };
    repo.config({ base: 'main', agents, budget: { action: 'warn' } });
    expect(web().flags).not.toContain('OVER-BUDGET'); // 200 of 250
    expect(guardRead().stdout).toBe('');
    appendFileSync(transcript, bash('t2', 'ls') + result('t2', false, 'web'));
    const over = web() as unknown as { flags: string[]; overBudget: string };
    expect(over.flags).toContain('OVER-BUDGET');
    expect(over.overBudget).toBe('400 tokens of 250');
    expect(guardRead().stdout).toBe(''); // warn: a flag only

    repo.config({ base: 'main', agents, budget: { action: 'stop' } });
    run(repo.path, ['status', '--json']); // status keeps the worktree's budget stop in step with the config
    const denied = guardRead();
    expect(denied.code).toBe(0);
    const answer = JSON.parse(denied.stdout).hookSpecificOutput;
    expect(answer.permissionDecision).toBe('deny');
    expect(answer.permissionDecisionReason).toContain('agent "web" has spent its budget (400 tokens of 250). Stop here');
    repo.config({ base: 'main', agents: { ...agents, web: { scope: ['web/**'], budget: { tokens: 10_000 } } }, budget: { action: 'stop' } });
    run(repo.path, ['status', '--json']);
    expect(guardRead().stdout).toBe('');
  });

  it('refuses a budget or a price that is not a number (exit 2 naming it)', () => {
    repo.config({ base: 'main', agents: { web: { scope: ['web/**'], budget: { tokens: 'lots' } } }, budget: { action: 'halt' } });
    const bad = run(repo.path, ['status']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('agents.web.budget.tokens');
    repo.config({ base: 'main', agents: { web: { scope: ['web/**'] } }, prices: { 'claude-test': { input: 'three' } } });
    const price = run(repo.path, ['status']);
    expect(price.code).toBe(2);
    expect(price.stderr).toContain('prices.claude-test.input');
  });
});

describe('waiting in every wired client, and notify', () => {
  it("Gemini CLI's, Qwen Code's and Factory Droid's Notification mark the agent WAITING, their turn's end IDLE; the next tool call clears it", () => {
    const home = mkdtempSync(join(tmpdir(), 'ag-home-'));
    const env = { HOME: home, GEMINI_CLI_HOME: home, CODEX_HOME: join(home, '.codex') };
    const spawned = run(repo.path, ['spawn', 'orders', '--client', 'gemini', '--client', 'qwen', '--client', 'codex', '--client', 'droid', '--client', 'cline', '--client', 'cursor'], env);
    expect(spawned.code, spawned.stdout + spawned.stderr).toBe(0);
    const wt = repo.agentPath('orders');
    const commandOf = (file: string, event: string) => JSON.parse(readFileSync(join(wt, file), 'utf8')).hooks[event][0].hooks[0].command as string;
    const orders = () => (JSON.parse(run(repo.path, ['status', '--json']).stdout).agents as { name: string; flags: string[]; state: { state: string; message: string | null } }[]).find((a) => a.name === 'orders')!;
    const send = (command: string, payload: Record<string, unknown>) => expect(spawnSync('sh', ['-c', command], { cwd: wt, input: JSON.stringify({ session_id: 's', cwd: wt, ...payload }) }).status).toBe(0);
    const toolCall = () => spawnSync('sh', ['-c', commandOf('.gemini/settings.json', 'BeforeTool')], { cwd: wt, input: JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'BeforeTool', tool_name: 'read_file', tool_input: { absolute_path: join(wt, 'README.md') } }) });

    send(commandOf('.gemini/settings.json', 'Notification'), { hook_event_name: 'Notification', notification_type: 'ToolPermission', message: 'Allow run_shell_command?', details: { tool: 'run_shell_command' } });
    expect(orders().state).toMatchObject({ state: 'waiting', message: 'Allow run_shell_command?' });
    expect(toolCall().status).toBe(0);
    expect(orders().state.state).toBe('working');
    send(commandOf('.gemini/settings.json', 'AfterAgent'), { hook_event_name: 'AfterAgent', prompt: 'p', prompt_response: 'done' });
    expect(orders().flags).toContain('IDLE');

    send(commandOf('.qwen/settings.json', 'Notification'), { hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Qwen Code needs your permission' });
    expect(orders().flags).toContain('WAITING');
    send(commandOf('.qwen/settings.json', 'Stop'), { hook_event_name: 'Stop', stop_hook_active: false });
    expect(orders().state.state).toBe('idle');

    // Droid's payloads are Claude Code's (its docs' examples read .message and .hook_event_name)
    send(commandOf('.factory/hooks.json', 'Notification'), { hook_event_name: 'Notification', message: 'Droid needs your permission to use Execute' });
    expect(orders().state).toMatchObject({ state: 'waiting', message: 'Droid needs your permission to use Execute' });
    send(commandOf('.factory/hooks.json', 'Stop'), { hook_event_name: 'Stop', stop_hook_active: false });
    expect(orders().state.state).toBe('idle');

    // Cline runs the program named after the event: TaskComplete, with its agent_end payload (kept out of git)
    expect(toolCall().status).toBe(0);
    expect(orders().state.state).toBe('working');
    expect(spawnSync(join(wt, '.clinerules/hooks/TaskComplete'), { cwd: wt, input: JSON.stringify({ hookName: 'agent_end', taskId: 't', workspaceRoots: [wt] }) }).status).toBe(0);
    expect(orders().flags).toContain('IDLE');
    expect(spawnSync('git', ['status', '--porcelain', '--', '.clinerules'], { cwd: wt, encoding: 'utf8' }).stdout).toBe('');

    // Cursor's stop, as its docs give the payload
    expect(toolCall().status).toBe(0);
    send(JSON.parse(readFileSync(join(wt, '.cursor/hooks.json'), 'utf8')).hooks.stop[0].command, { hook_event_name: 'stop', status: 'completed', conversation_id: 'c', generation_id: 'g', loop_count: 0 });
    expect(orders().flags).toContain('IDLE');

    // Codex's hooks are the main checkout's; run in the session's folder, they write into its worktree
    const codexHooks = JSON.parse(readFileSync(join(repo.path, '.codex/hooks.json'), 'utf8')).hooks;
    send(codexHooks.PermissionRequest[0].hooks[0].command, { hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'rm -rf build' } });
    expect(orders().state).toMatchObject({ state: 'waiting', message: 'permission to use Bash' });
    send(codexHooks.Stop[0].hooks[0].command, { hook_event_name: 'Stop', last_assistant_message: 'Done.' });
    expect(orders().flags).toContain('IDLE');
    expect(existsSync(join(repo.path, '.git', 'agent-guard', 'attention.json'))).toBe(false); // not the main checkout's
    rmSync(home, { recursive: true, force: true });
  });

  it("Copilot CLI's notification and agentStop hooks, and OpenCode's plugin events, mark the agent WAITING and IDLE", async () => {
    const home = mkdtempSync(join(tmpdir(), 'ag-home-'));
    const env = { HOME: home, COPILOT_HOME: join(home, '.copilot'), GEMINI_CLI_HOME: home, CODEX_HOME: join(home, '.codex') };
    const spawned = run(repo.path, ['spawn', 'orders', '--client', 'copilot', '--client', 'opencode'], env);
    expect(spawned.code, spawned.stdout + spawned.stderr).toBe(0);
    const wt = repo.agentPath('orders');
    const orders = () => (JSON.parse(run(repo.path, ['status', '--json']).stdout).agents as { name: string; flags: string[]; state: { state: string; message: string | null } }[]).find((a) => a.name === 'orders')!;
    const copilot = JSON.parse(readFileSync(join(wt, '.github/hooks/agent-guard.json'), 'utf8')).hooks;
    const send = (command: string, payload: Record<string, unknown>) => expect(spawnSync('sh', ['-c', command], { cwd: wt, input: JSON.stringify({ timestamp: 1, cwd: wt, ...payload }) }).status).toBe(0);
    send(copilot.notification[0].bash, { notification_type: 'permission_prompt', message: 'Copilot wants to run bash' });
    expect(orders().state).toMatchObject({ state: 'waiting', message: 'Copilot wants to run bash' });
    send(copilot.agentStop[0].bash, { transcriptPath: '/none', stopReason: 'end_turn' });
    expect(orders().flags).toContain('IDLE');

    const gitDir = spawnSync('git', ['rev-parse', '--absolute-git-dir'], { cwd: wt, encoding: 'utf8' }).stdout.trim();
    const plugin = await import(`${pathToFileURL(join(gitDir, 'agent-guard', 'opencode-plugin.js')).href}?t=${Date.now()}`);
    const hooks = await plugin.AgentGuard();
    // every shell OpenCode starts there gets the agent's environment
    const shell = { env: {} as Record<string, string> };
    await hooks['shell.env']({ cwd: wt }, shell);
    expect(shell.env).toMatchObject({ AGENT_GUARD_AGENT: 'orders' });
    await hooks.event({ event: { type: 'permission.asked', properties: { title: 'Allow edit of web/page.ts?' } } });
    expect(orders().state).toMatchObject({ state: 'waiting', message: 'Allow edit of web/page.ts?' });
    await hooks.event({ event: { type: 'permission.replied', properties: {} } });
    expect(orders().state.state).toBe('working');
    await hooks.event({ event: { type: 'session.status', properties: { status: { type: 'idle' } } } });
    expect(orders().flags).toContain('IDLE');
    // a model step's tokens count once it is completed, once however often OpenCode repeats the update
    const step = (completed?: number) => ({ event: { type: 'message.updated', properties: { info: { role: 'assistant', id: 'msg_1', modelID: 'test-model', tokens: { input: 6, output: 5, reasoning: 1, cache: { read: 4, write: 2 } }, time: { created: 1, ...(completed && { completed }) } } } } });
    await hooks.event(step());
    expect((orders() as unknown as { tokens?: unknown }).tokens).toBeUndefined();
    await hooks.event(step(2));
    await hooks.event(step(2));
    expect((orders() as unknown as { tokens: unknown }).tokens).toEqual({ input: 6, output: 6, cacheRead: 4, cacheWrite: 2 });
    // prompts after a session's first are corrections; the same failing shell command three times is going in circles
    const prompt = (session: string, id: string) => hooks['chat.message']({ sessionID: session }, { message: { id, role: 'user' }, parts: [{ type: 'text', text: 'go' }] });
    await prompt('s1', 'm1');
    await prompt('s1', 'm2');
    await prompt('s2', 'm3');
    const failing = { title: 'npm test', metadata: { output: ' FAIL  test/cart.test.ts > adds\n', exit: 1 }, output: '' };
    for (const call of ['c1', 'c2', 'c3']) await hooks['tool.execute.after']({ tool: 'bash', sessionID: 's2', callID: call, args: { command: 'npm test' } }, failing);
    await hooks['tool.execute.after']({ tool: 'bash', sessionID: 's2', callID: 'c4', args: { command: 'true' } }, { title: '', metadata: { output: '', exit: 0 }, output: '' });
    expect(orders()).toMatchObject({ corrections: 1, flags: expect.arrayContaining(['CIRCLING']) });
    rmSync(home, { recursive: true, force: true });
  });

  it('notify.command gets the event as JSON on stdin when the agent starts waiting', async () => {
    repo.remove();
    repo = makeAgentRepo({ notify: { command: 'cat > "$(git rev-parse --git-common-dir)/notified.json"' } }, { spawn: ['web'] });
    fire('Notification', { notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash' });
    const notified = join(repo.path, '.git', 'notified.json');
    for (let i = 0; i < 100 && !existsSync(notified); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 20 && !readFileSync(notified, 'utf8').endsWith('\n'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(readFileSync(notified, 'utf8'))).toMatchObject({ agent: 'web', state: 'waiting', message: 'Claude needs your permission to use Bash', client: 'claude', worktree: repo.agentPath('web') });
    expect(web().flags).toContain('WAITING');
  });
});
