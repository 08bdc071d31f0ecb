// `check --range` over one commit of 20,000 changed paths with a config of 50 agents (+1 wide agent).
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, git, medianMs, newRepo, report, writeFiles } from './lib.mjs';

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

  const floor = medianMs('git', ['diff-tree', '-r', '-z', '--name-status', '-M', 'HEAD~1', 'HEAD'], repo);
  const nodeFloor = medianMs(process.execPath, ['-e', '0'], repo);
  const range = ['check', '--range', 'HEAD~1..HEAD', '--format', 'json'];
  const allowed = medianMs(process.execPath, [CLI, ...range, '--agent', 'wide'], repo, 5);
  const refused = medianMs(process.execPath, [CLI, ...range, '--agent', 'agent0'], repo, 5);
  console.log(`\ncheck --range: 1 commit, ${paths} changed paths, ${agents + 1} agents in the config`);
  report([
    { name: 'floor: node -e 0 + git diff-tree', ms: nodeFloor + floor },
    { name: 'check, all paths in scope', ms: allowed, floor: nodeFloor + floor },
    { name: `check, ~${Math.round(paths * (1 - 1 / agents))} violations`, ms: refused, floor: nodeFloor + floor },
  ]);
  rmSync(repo, { recursive: true, force: true });
  return { allowed, refused, floor: nodeFloor + floor };
}
