// `guard` per tool call, as Claude Code runs it (the command spawn wrote), against `node -e 0`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, cliWith, compareMs, repoWithAgents, report } from './lib.mjs';

export function benchGuard({ tracked = 20_000, agents = 10 } = {}) {
  const { path: repo } = repoWithAgents(tracked, agents);
  cli(repo, 'spawn', 'agent0');
  const wt = `${repo}.agents/agent0`;
  const command = JSON.parse(readFileSync(join(wt, '.claude/settings.local.json'), 'utf8')).hooks.PreToolUse[0].hooks[0].command;
  const call = (tool, input) => JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });
  const edit = join(repo, 'edit-in-scope.json');
  const stray = join(repo, 'edit-out-of-scope.json');
  const bash = join(repo, 'bash.json');
  writeFileSync(edit, call('Edit', { file_path: join(wt, 'pkg0/sub1/file 0.ts'), old_string: 'a', new_string: 'b' }));
  writeFileSync(stray, call('Write', { file_path: join(wt, 'pkg1/sub1/file 1.ts'), content: 'x' }));
  writeFileSync(bash, call('Bash', { command: 'git commit -m "wip" && git push' }));
  const writing = join(repo, 'bash-write.json');
  writeFileSync(writing, call('Bash', { command: 'npm run gen > pkg0/sub1/generated.ts && sed -i s/a/b/ "pkg0/sub2/file 2.ts"' }));
  const after = join(repo, 'post-bash.json');
  writeFileSync(after, JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'npm run gen' }, tool_response: {} }));
  const postCommand = JSON.parse(readFileSync(join(wt, '.claude/settings.local.json'), 'utf8')).hooks.PostToolUse[0].hooks[0].command;
  // Uncommitted work in the worktree, as after a few edits: the PostToolUse check reads it all.
  writeFileSync(join(wt, 'pkg0/sub1/file 1.ts'), '// edited\n');
  // Measured only if it really checks: node read the hook's JSON and the worktree's status.
  const once = spawnSync('sh', ['-c', `exec < "${after}"; ${postCommand}`], { cwd: wt, encoding: 'utf8' });
  if (once.status !== 0 || once.stderr !== '') throw new Error(`the PostToolUse command failed: ${once.stderr}`);
  const [nodeFloor, allowed, denied, shell, shellWrite, statusFloor, postBash] = compareMs([
    { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 < "${edit}"`], cwd: wt },
    { cmd: 'sh', args: ['-c', `${command} < "${edit}"`], cwd: wt },
    { cmd: 'sh', args: ['-c', `${command} < "${stray}"`], cwd: wt },
    { cmd: 'sh', args: ['-c', `${command} < "${bash}"`], cwd: wt },
    { cmd: 'sh', args: ['-c', `${command} < "${writing}"`], cwd: wt },
    { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 < "${after}" && git status --porcelain -z >/dev/null`], cwd: wt },
    // As Claude Code runs it: the JSON on the shell's stdin (the command keeps it for node and pipes git status on fd 4).
    { cmd: 'sh', args: ['-c', `exec < "${after}"; ${postCommand}`], cwd: wt },
  ]);
  report(`guard per tool call, agent worktree of a ${tracked}-file repository (medians, interleaved)`, [
    { name: 'floor: node -e 0', ms: nodeFloor },
    { name: 'Edit inside the scope (allowed)', ms: allowed, floor: nodeFloor, goal: '≤ 1.2×' },
    { name: 'Write outside the scope (denied)', ms: denied, floor: nodeFloor, goal: '≤ 1.2×' },
    { name: 'Bash command (checked for bypasses)', ms: shell, floor: nodeFloor, goal: '≤ 1.2×' },
    { name: 'Bash command that writes files (scope-checked)', ms: shellWrite, floor: nodeFloor, goal: '≤ 1.3×' },
    { name: 'floor: node -e 0 && git status --porcelain -z', ms: statusFloor },
    { name: 'PostToolUse after Bash (one git status)', ms: postBash, floor: statusFloor, goal: '≤ 1.0×' },
  ]);
  benchClients(repo);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
}

/**
 * The guard as each other client runs it (the command spawn --client wrote), each given a write
 * outside the scope in that client's own payload, against `node -e 0`.
 */
function benchClients(repo) {
  const home = mkdtempSync(join(tmpdir(), 'ag-bench-home-'));
  cliWith({ HOME: home, CODEX_HOME: join(home, '.codex'), GEMINI_CLI_HOME: home, COPILOT_HOME: join(home, '.copilot') }, repo, 'spawn', 'agent1', '--client', 'codex', '--client', 'gemini', '--client', 'copilot', '--client', 'opencode');
  const wt = `${repo}.agents/agent1`;
  const stray = join(wt, 'pkg2/sub1/file 2.ts');
  const hook = (file) => JSON.parse(readFileSync(file, 'utf8'));
  const plugin = readFileSync(join(repo, '.git/worktrees/agent1/agent-guard/opencode-plugin.js'), 'utf8');
  const clients = [
    ['Codex apply_patch', hook(join(repo, '.codex/hooks.json')).hooks.PreToolUse[0].hooks[0].command, { session_id: 's', cwd: wt, hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { command: `*** Begin Patch\n*** Update File: pkg2/sub1/file 2.ts\n@@\n-a\n+b\n*** End Patch\n` } }],
    ['Gemini CLI write_file', hook(join(wt, '.gemini/settings.json')).hooks.BeforeTool[0].hooks[0].command, { session_id: 's', cwd: wt, hook_event_name: 'BeforeTool', tool_name: 'write_file', tool_input: { file_path: stray, content: 'x' } }],
    ['Copilot CLI create', hook(join(wt, '.github/hooks/agent-guard.json')).hooks.preToolUse[0].bash, { cwd: wt, toolName: 'create', toolArgs: JSON.stringify({ path: stray, file_text: 'x' }) }],
    ['OpenCode write (the plugin\'s command)', JSON.parse(/const COMMAND = (.*);/.exec(plugin)[1]), { tool: 'write', args: { filePath: stray, content: 'x' }, directory: wt }],
  ];
  const files = clients.map(([name, , payload], i) => {
    const file = join(repo, `client-${i}.json`);
    writeFileSync(file, JSON.stringify(payload));
    const once = spawnSync('sh', ['-c', `${clients[i][1]} < "${file}"`], { cwd: wt, encoding: 'utf8' });
    if (!`${once.stdout}${once.stderr}`.includes('outside the scope')) throw new Error(`${name}: the guard did not deny (${once.stdout}${once.stderr})`);
    return file;
  });
  // 31 rounds: a ~150 ms command's median moves by a tenth of its floor from one 15-round run to the next
  const [nodeFloor, ...times] = compareMs(
    [
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 < "${files[0]}"`], cwd: wt },
      ...clients.map(([, command], i) => ({ cmd: 'sh', args: ['-c', `${command} < "${files[i]}"`], cwd: wt })),
    ],
    31,
  );
  report('guard per tool call of the other agent clients: a write outside the scope, denied (medians, interleaved)', [{ name: 'floor: node -e 0', ms: nodeFloor }, ...clients.map(([name], i) => ({ name, ms: times[i], floor: nodeFloor, goal: '≤ 1.2×' }))]);
  rmSync(home, { recursive: true, force: true });
}
