// Small helpers for the benchmarks: build a big real repository, time whole processes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = new URL('../dist/cjs/cli/main.js', import.meta.url).pathname;

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
for (const key of Object.keys(env)) if (/^(CI|GITHUB_.*|AGENT_GUARD_.*)$/.test(key)) delete env[key];

export function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
}

export function newRepo() {
  const path = mkdtempSync(join(tmpdir(), 'ag-bench-'));
  git(path, 'init', '-q', '-b', 'main');
  git(path, 'config', 'user.name', 'Bench');
  git(path, 'config', 'user.email', 'bench@example.com');
  return path;
}

/**
 * A repository of `tracked` files in folders pkg0..pkgN, committed with a config whose agent i owns
 * `pkg{i}/**`. Returns its path and the file list.
 */
export function repoWithAgents(tracked, agents, scopeOf = (i) => [`pkg${i}/**`]) {
  const path = newRepo();
  const config = { base: 'main', agents: {} };
  for (let i = 0; i < agents; i++) config.agents[`agent${i}`] = { scope: scopeOf(i) };
  writeFileSync(join(path, 'agent-guard.config.json'), JSON.stringify(config));
  const files = writeFiles(path, tracked, agents);
  git(path, 'add', '-A');
  git(path, 'commit', '-q', '-m', 'base');
  return { path, files };
}

/** Runs the built CLI in `cwd`. */
export function cli(cwd, ...args) {
  return execFileSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' });
}

/** The CLI with more variables (a scratch HOME, so spawn --client records the clients' trust there). */
export function cliWith(extra, cwd, ...args) {
  return execFileSync(process.execPath, [CLI, ...args], { cwd, env: { ...env, ...extra }, encoding: 'utf8' });
}

/** Writes `count` files spread over `dirs` directories named pkg0..pkgN. */
export function writeFiles(root, count, dirs, suffix = '') {
  const files = [];
  for (let i = 0; i < count; i++) {
    const dir = `pkg${i % dirs}/sub${i % 7}`;
    mkdirSync(join(root, dir), { recursive: true });
    const file = `${dir}/file ${i}${suffix}.ts`;
    writeFileSync(join(root, file), `export const v${i} = ${i};\n`);
    files.push(file);
  }
  return files;
}

/**
 * Median wall time in ms of each command, measured interleaved (one run of each per round, after a
 * warm-up round) so that drift in a noisy machine's speed hits every command alike.
 */
export function compareMs(commands, rounds = 15) {
  const times = commands.map(() => []);
  for (let round = 0; round <= rounds; round++) {
    commands.forEach(({ cmd, args, cwd, env: extra = {} }, i) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(cmd, args, { cwd, env: { ...env, ...extra }, stdio: 'ignore' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.error) throw result.error;
      if (round > 0) times[i].push(ms);
    });
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
}

/** The median wall time in ms of `runs` runs of one command (after one warm-up run). */
export function medianMs(cmd, args, cwd, runs = 7) {
  return compareMs([{ cmd, args, cwd }], runs)[0];
}

/** Every table printed so far, for `npm run bench -- --markdown`. */
export const tables = [];

/**
 * Prints one benchmark's rows (median ms, and the ratio to a row's floor) under its title, and keeps
 * them for the Markdown report. A row may name its `goal` (e.g. '≤ 1.3×').
 */
export function report(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) {
    const ratio = row.floor ? `  ${(row.ms / row.floor).toFixed(2)}x floor` : '';
    console.log(`${row.name.padEnd(width)}  ${row.ms.toFixed(1).padStart(8)} ms${ratio}${row.goal ? ` (goal ${row.goal})` : ''}`);
  }
  tables.push({ title, rows, notes: [] });
}

/** A line printed after a table, and kept with it. */
export function note(text) {
  console.log(text);
  tables.at(-1)?.notes.push(text);
}

/**
 * `init` committed, then each agent spawned with three commits in its worktree; `fileOf(i, c)` gives
 * commit c of agent i as [path, content]. Returns the worktrees.
 */
export function spawnWithCommits(repo, agents, fileOf) {
  cli(repo, 'init');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'init');
  const worktrees = [];
  for (let i = 0; i < agents; i++) {
    cli(repo, 'spawn', `agent${i}`);
    const wt = `${repo}.agents/agent${i}`;
    for (let c = 0; c < 3; c++) {
      const [path, content] = fileOf(i, c);
      writeFileSync(join(wt, path), content);
      git(wt, 'add', '-A');
      git(wt, 'commit', '-q', '--no-verify', '-m', `agent${i} commit ${c}`);
    }
    worktrees.push(wt);
  }
  return worktrees;
}
