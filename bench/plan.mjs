// `plan` over 51 agents (1,275 pairs of scopes) on 20,000 tracked files: the file check and the glob
// overlaps, cold (no verdict kept in the git dir) and warm.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, compareMs, git, newRepo, report, writeFiles } from './lib.mjs';

export function benchPlan({ paths = 20_000, agents = 50 } = {}) {
  const repo = newRepo();
  const config = { shared: ['package-lock.json'], protected: ['.github/**'], agents: {} };
  for (let i = 0; i < agents; i++) config.agents[`agent${i}`] = { scope: [`pkg${i}/**`, `docs/agent${i}/*.md`, `!pkg${i}/sub3/**`] };
  // one agent whose globs meet every other's: 50 pairs go to the automata, the other 1,225 are decided by prefixes
  config.agents.notes = { scope: ['**/NOTES.md', '!pkg*/sub3/**'] };
  writeFileSync(join(repo, 'agent-guard.config.json'), JSON.stringify(config));
  writeFiles(repo, paths, agents);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', `${paths} files`);
  const cache = join(repo, '.git', 'agent-guard', 'glob-overlaps.json');

  const [floor, cold, warm] = compareMs(
    [
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && git ls-files -z >/dev/null`], cwd: repo },
      // the verdicts kept from the run before are removed first: every pair is decided again
      { cmd: 'sh', args: ['-c', `rm -f "${cache}"; "${process.execPath}" "${CLI}" plan >/dev/null`], cwd: repo },
      { cmd: process.execPath, args: [CLI, 'plan'], cwd: repo },
    ],
    9,
  );
  report(`plan: ${agents + 1} agents (${((agents + 1) * agents) / 2} pairs of scopes, ${agents} meeting by their globs), ${paths} tracked files (medians, interleaved)`, [
    { name: 'floor: node -e 0 && git ls-files', ms: floor },
    // with every verdict kept, plan is its file check (as before glob overlaps) plus reading one JSON file
    { name: 'plan, glob verdicts kept from the last run (the file check)', ms: warm, floor },
    { name: 'plan, glob verdicts decided anew, vs the file check', ms: cold, floor: warm, goal: '≤ 1.2×' },
  ]);
  rmSync(repo, { recursive: true, force: true });
  return { floor, cold, warm };
}
