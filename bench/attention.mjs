// Knowing when to step in, at the speed of the hooks: the attention hook an agent client runs when it
// waits or ends its turn (a shell line, no node), and `status --json` reading 50 MB of Claude Code
// transcripts a second time (only what is new: nothing).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, compareMs, git, note, repoWithAgents, report, spawnWithCommits } from './lib.mjs';

export function benchAttention({ tracked = 20_000, agents = 10, transcriptMb = 5 } = {}) {
  const { path: repo } = repoWithAgents(tracked, agents);
  const worktrees = spawnWithCommits(repo, agents, (i, c) => [`pkg${i}/sub${c}/new ${c}.ts`, `// commit ${c}\n`]);
  execFileSync('sleep', ['1.1']);
  for (const wt of worktrees) git(wt, 'update-index', '-q', '--refresh');

  // the event hook exactly as Claude Code runs it: the settings' command in sh, the payload on stdin
  const wt = worktrees[0];
  const settings = JSON.parse(readFileSync(join(wt, '.claude', 'settings.local.json'), 'utf8'));
  const command = settings.hooks.Notification[0].hooks[0].command;
  const payload = join(repo, 'notification.json');
  writeFileSync(payload, JSON.stringify({ session_id: 's', transcript_path: '/nonexistent', cwd: wt, hook_event_name: 'Notification', message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' }));
  const [node, hook] = compareMs(
    [
      { cmd: process.execPath, args: ['-e', '0'], cwd: wt },
      { cmd: 'sh', args: ['-c', `${command} < '${payload}'`], cwd: wt },
    ],
    15,
  );
  report('The attention hook (Claude Code Notification / Stop: the event recorded, no node) (medians, interleaved)', [
    { name: 'floor: node -e 0', ms: node },
    { name: 'the hook: sh -c "cat > …/attention.json"', ms: hook, floor: node, goal: '≤ 0.1×' },
  ]);

  // transcripts: one per agent, each message written twice (Claude Code's line per content block)
  const line = (i, n) => JSON.stringify({ type: 'assistant', message: { id: `msg_${i}_${n}`, model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'x'.repeat(300) }], usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 1000, cache_creation_input_tokens: 5 } } }) + '\n';
  const perLine = Buffer.byteLength(line(0, 0)) * 2;
  const lines = Math.floor((transcriptMb * 1e6) / perLine);
  let total = 0;
  worktrees.forEach((worktree, i) => {
    const transcript = join(repo, `transcript-${i}.jsonl`);
    const chunks = [];
    for (let n = 0; n < lines; n++) chunks.push(line(i, n), line(i, n));
    writeFileSync(transcript, chunks.join(''));
    total += lines * perLine;
    const gitDir = git(worktree, 'rev-parse', '--absolute-git-dir').trim();
    mkdirSync(join(gitDir, 'agent-guard'), { recursive: true });
    writeFileSync(join(gitDir, 'agent-guard', 'sessions.jsonl'), JSON.stringify({ transcript_path: transcript, hook_event_name: 'SessionStart' }) + '\n');
  });
  const first = spawnSync(process.execPath, [CLI, 'status', '--json'], { cwd: repo, encoding: 'utf8' });
  const tokens = JSON.parse(first.stdout).agents[0].tokens;
  if (tokens.output !== lines * 20) throw new Error(`counted ${tokens.output} output tokens, not ${lines * 20}`);
  const statuses = Array.from({ length: agents }, (_, i) => `git -C "${repo}.agents/agent${i}" status --porcelain=v2 -z --untracked-files=all >/dev/null &`).join(' ');
  const [floor, status] = compareMs(
    [
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && { ${statuses} wait; }`], cwd: repo },
      { cmd: process.execPath, args: [CLI, 'status', '--json'], cwd: repo },
    ],
    7,
  );
  report(`status --json with ${agents} agents' Claude Code transcripts, ${Math.round(total / 1e6)} MB in all, a second look (medians, interleaved)`, [
    { name: 'floor: node -e 0, then the worktrees\' git status', ms: floor },
    { name: 'status --json (tokens, corrections, failures read incrementally)', ms: status, floor, goal: '≤ 1.3×' },
  ]);
  note(`The first look read all ${Math.round(total / 1e6)} MB (each message counted once); later looks read only lines added since.`);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
  return { hook, node, status, floor };
}
