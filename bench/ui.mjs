// agent-guard ui on 10 agents and 20,000 files: its first data against `status --json` (the goal: at
// most 50 ms more), and the server's memory after a long run of updates.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { CLI, git, note, repoWithAgents, report, spawnWithCommits } from './lib.mjs';

export function benchUi({ tracked = 20_000, agents = 10, updates = 200 } = {}) {
  const { path: repo } = repoWithAgents(tracked, agents);
  const worktrees = spawnWithCommits(repo, agents, (i, c) => [`pkg${i}/sub${c}/new ${c}.ts`, `// commit ${c}\n`]);
  execFileSync('sleep', ['1.1']);
  for (const wt of worktrees) git(wt, 'update-index', '-q', '--refresh');
  const once = new URL('./ui-once.mjs', import.meta.url).pathname;
  const node = [process.execPath, '--max-semi-space-size=1', '--expose-gc', once, repo];
  const statusMs = [];
  const firstMs = [];
  for (let round = 0; round <= 7; round++) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, [CLI, 'status', '--json'], { cwd: repo, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const first = JSON.parse(execFileSync(node[0], [...node.slice(1), 'first'], { cwd: repo, encoding: 'utf8' }).trim().split('\n').at(-1));
    if (round > 0) {
      statusMs.push(ms);
      firstMs.push(first.ms);
    }
  }
  const median = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const status = median(statusMs);
  const first = median(firstMs);
  report(`agent-guard ui: the page's first data, ${agents} agents on ${tracked} files (medians, interleaved)`, [
    { name: 'floor: status --json (a whole process)', ms: status },
    { name: 'ui: the first /api/data of a started server (the cards; the map, grid and plan follow as an event)', ms: first, floor: status, goal: '≤ floor + 50 ms' },
  ]);
  note(`First data minus status --json: ${Math.round(first - status)} ms.`);
  const run = JSON.parse(execFileSync(node[0], [...node.slice(1), 'updates', String(updates), worktrees[0]], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').at(-1));
  note(`Memory after ${updates} updates (a commit, then the whole data made again, each), with the flags agent-guard ui runs with (a small young generation, a collection after each remake): ${run.rss} MB resident (goal ≤ 100 MB); heap every 25 updates: ${run.heap.join(', ')} MB. An hour of the server's looks (one a second at most, the data made again only on a change) is at most 3,600 such updates.`);
  rmSync(`${repo}.agents`, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
  return { status, first, rss: run.rss };
}
