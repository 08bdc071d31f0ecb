// `check --range` over one commit of 20,000 changed paths with a config of 50 agents (+1 wide agent).
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, compareMs, git, newRepo, report, writeFiles } from './lib.mjs';

export function benchCheckRange({ paths = 20_000, agents = 50 } = {}) {
  const repo = newRepo();
  const config = { shared: ['package-lock.json'], protected: ['.github/**'], agents: {} };
  for (let i = 0; i < agents; i++) config.agents[`agent${i}`] = { scope: [`pkg${i}/**`, `docs/agent${i}/*.md`, `!pkg${i}/sub3/**`] };
  config.agents.wide = { scope: ['pkg*/**', '!**/*.snap'] };
  writeFileSync(join(repo, 'agent-guard.config.json'), JSON.stringify(config));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'config');
  writeFiles(repo, paths, agents);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', `${paths} files`);

  const range = ['check', '--range', 'HEAD~1..HEAD'];
  const [floor, allowed, refusedJson, refusedText] = compareMs(
    [
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && git diff-tree -r -M --name-status -z HEAD~1 HEAD >/dev/null`], cwd: repo },
      { cmd: process.execPath, args: [CLI, ...range, '--format', 'json', '--agent', 'wide'], cwd: repo },
      { cmd: process.execPath, args: [CLI, ...range, '--format', 'json', '--agent', 'agent0'], cwd: repo },
      { cmd: process.execPath, args: [CLI, ...range, '--agent', 'agent0'], cwd: repo },
    ],
    7,
  );
  const violations = Math.round(paths * (1 - 1 / agents));
  report(`check --range: 1 commit, ${paths} changed paths, ${agents + 1} agents in the config (medians, interleaved)`, [
    { name: 'floor: node -e 0 && git diff-tree', ms: floor },
    { name: 'check --format json, all paths in scope', ms: allowed, floor, goal: '≤ 2×' },
    { name: `check --format json, ~${violations} violations`, ms: refusedJson, floor, goal: '≤ 2×' },
    { name: `check (text), ~${violations} violations`, ms: refusedText, floor, goal: '≤ 2×' },
  ]);
  rmSync(repo, { recursive: true, force: true });
  return { allowed, refusedJson, refusedText, floor };
}
