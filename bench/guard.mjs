// `guard` per tool call, as Claude Code runs it (the command spawn wrote), against `node -e 0`.
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
  const [nodeFloor, allowed, denied, shell] = compareMs([
    { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 < "${edit}"`], cwd: wt },
    { cmd: 'sh', args: ['-c', `${command} < "${edit}"`], cwd: wt },
    { cmd: 'sh', args: ['-c', `${command} < "${stray}"`], cwd: wt },
    { cmd: 'sh', args: ['-c', `${command} < "${bash}"`], cwd: wt },
  ]);
  console.log(`\nguard per tool call, agent worktree of a ${tracked}-file repository (medians, interleaved)`);
  report([
    { name: 'floor: node -e 0', ms: nodeFloor },
    { name: 'Edit inside the scope (allowed)', ms: allowed, floor: nodeFloor },
    { name: 'Write outside the scope (denied)', ms: denied, floor: nodeFloor },
    { name: 'Bash command (checked for bypasses)', ms: shell, floor: nodeFloor },
  ]);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
}
