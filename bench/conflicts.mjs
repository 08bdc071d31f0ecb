// `conflicts --json` with 10 agents of 3 commits each, two pairs of them changing a shared file, in a
// 20,000-file repository: cold (no cache) against node -e 0 then the same git merge-tree calls two at
// a time; warm (nothing changed) against node -e 0.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cli, compareMs, git, repoWithAgents, report, spawnWithCommits } from './lib.mjs';

export function benchConflicts({ tracked = 20_000, agents = 10 } = {}) {
  const { path: repo } = repoWithAgents(tracked, agents);
  const config = JSON.parse(readFileSync(join(repo, 'agent-guard.config.json'), 'utf8'));
  config.shared = ['shared/**'];
  writeFileSync(join(repo, 'agent-guard.config.json'), JSON.stringify(config));
  mkdirSync(join(repo, 'shared'));
  for (const file of ['routes.ts', 'deps.ts']) writeFileSync(join(repo, 'shared', file), "export const owner = 'base';\n");
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'shared files');
  // agents 0 and 1 change one shared file, 2 and 3 another, each in its own way
  spawnWithCommits(repo, agents, (i, c) => (c === 0 && i < 4 ? [`shared/${i < 2 ? 'routes' : 'deps'}.ts`, `export const owner = 'agent${i}';\n`] : [`pkg${i}/sub${c}/new ${c}.ts`, `// commit ${c}\n`]));
  const cache = join(repo, '.git', 'agent-guard', 'conflicts-cache.json');
  // The merges the forecast makes, as plain git merge-tree calls: each agent into base, then each pair
  // on the forecast commit of the first (read from the cache a first run leaves).
  try {
    cli(repo, 'conflicts', '--json');
  } catch {
    // exit 1: the two conflicts the setup made
  }
  const { merges, commits } = JSON.parse(readFileSync(cache, 'utf8'));
  const pairs = Object.keys(merges).map((key) => key.replace(':', ' '));
  writeFileSync(join(repo, 'merges.txt'), pairs.join('\n') + '\n');
  // For reference, every merge a pairwise forecast makes without looking at what each agent changes:
  // each agent into base, then each later agent on the forecast commit of each earlier one.
  const base = git(repo, 'rev-parse', 'main').trim();
  const tips = Array.from({ length: agents }, (_, i) => git(repo, 'rev-parse', `agent/agent${i}`).trim());
  const mergedOf = (tip) => Object.entries(commits).find(([key]) => key.startsWith('commit:') && key.endsWith(`:${base}:${tip}`))?.[1];
  const all = [...tips.map((tip) => `${base} ${tip}`), ...tips.flatMap((a, i) => tips.slice(i + 1).map((b) => `${mergedOf(a)} ${b}`))];
  writeFileSync(join(repo, 'all-merges.txt'), all.join('\n') + '\n');
  const mergeTrees = (file) => `xargs -P 2 -L 1 sh -c 'git merge-tree --write-tree -z --messages "$0" "$1" >/dev/null; true' < ${file}`;
  // the counts' git status, as conflicts runs it: limited to the folders of the agent's scope and shared
  const statuses = Array.from({ length: agents }, (_, i) => `git -C "${repo}.agents/agent${i}" status --porcelain=v1 -z --untracked-files=all --no-renames -- ":(literal)pkg${i}" ":(literal)shared" >/dev/null &`).join(' ');
  const [nodeFloor, countsFloor, floor, allFloor, withCounts, cold, warm] = compareMs(
    [
      { cmd: process.execPath, args: ['-e', '0'], cwd: repo },
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && { ${statuses} wait; }`], cwd: repo },
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && ${mergeTrees('merges.txt')}`], cwd: repo },
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && ${mergeTrees('all-merges.txt')}`], cwd: repo },
      { cmd: 'sh', args: ['-c', `"${process.execPath}" -e 0 && { ${statuses} ${mergeTrees('merges.txt')}; wait; }`], cwd: repo },
      { cmd: 'sh', args: ['-c', `rm -f "${cache}"; "${process.execPath}" "${CLI}" conflicts --json >/dev/null; true`], cwd: repo },
      { cmd: process.execPath, args: [CLI, 'conflicts', '--json'], cwd: repo },
    ],
    7,
  );
  report(`conflicts --json: ${agents} agents with 3 commits each, two pairs changing a shared file, ${tracked} tracked files (medians)`, [
    { name: 'node -e 0', ms: nodeFloor },
    { name: `floor: node -e 0, then the forecast's ${pairs.length} git merge-tree, two at a time`, ms: floor },
    { name: `reference: node -e 0, then all ${all.length} merges of a pairwise forecast`, ms: allFloor },
    { name: `reference: node -e 0, then the ${pairs.length} merges and the ${agents} git status of the scopes (uncommitted counts)`, ms: withCounts },
    { name: 'conflicts --json, no cache', ms: cold, floor, goal: '≤ 1.3×' },
    { name: 'conflicts --json, no cache, against all pairwise merges', ms: cold, floor: allFloor },
    { name: 'conflicts --json, no cache, against merges + counts', ms: cold, floor: withCounts },
    { name: 'conflicts --json again, nothing changed', ms: warm, floor: nodeFloor, goal: '≤ 1.2×' },
    { name: `reference: node -e 0, then the ${agents} git status of the scopes (uncommitted counts)`, ms: countsFloor },
    { name: 'conflicts --json again, nothing changed, against node + counts', ms: warm, floor: countsFloor },
  ]);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
}
