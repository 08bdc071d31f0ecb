// `guard` per tool call, as Claude Code runs it (the command spawn wrote), against `node -e 0`.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, compareMs, repoWithAgents, report } from './lib.mjs';

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
  console.log(`\nguard per tool call, agent worktree of a ${tracked}-file repository (medians, interleaved)`);
  report([
    { name: 'floor: node -e 0', ms: nodeFloor },
    { name: 'Edit inside the scope (allowed)', ms: allowed, floor: nodeFloor },
    { name: 'Write outside the scope (denied)', ms: denied, floor: nodeFloor },
    { name: 'Bash command (checked for bypasses)', ms: shell, floor: nodeFloor },
    { name: 'Bash command that writes files (scope-checked)', ms: shellWrite, floor: nodeFloor },
    { name: 'floor: node -e 0 && git status --porcelain -z', ms: statusFloor },
    { name: 'PostToolUse after Bash (one git status)', ms: postBash, floor: statusFloor },
  ]);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
}
