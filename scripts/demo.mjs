// npm run demo: a throwaway repository where two agents work in parallel: one stays in scope and
// is merged, the other strays and is refused at commit time and again at merge time.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const cli = new URL('../dist/cjs/cli/main.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'agent-guard-demo-'));
const repo = join(root, 'shop');
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
for (const key of ['CI', 'GITHUB_ACTIONS', 'GITHUB_HEAD_REF', 'AGENT_GUARD_AGENT']) delete env[key];

const write = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};
const step = (title) => console.log(`\n\x1b[1m== ${title}\x1b[0m`);
const shown = (cwd, cmd, args, label = cmd) => {
  console.log(`$ ${label} ${(label === cmd ? args : args.slice(1)).join(' ')}`);
  const result = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  process.stdout.write(result.stdout + result.stderr);
  console.log(`(exit ${result.status})`);
  return result.status;
};
const agentGuard = (cwd, ...args) => shown(cwd, process.execPath, [cli, ...args], 'agent-guard');
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

try {
  step(`A repository, set up with agent-guard (${repo})`);
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Demo');
  git(repo, 'config', 'user.email', 'demo@example.com');
  write(join(repo, 'src/orders/process.ts'), 'export const processOrder = () => 1;\n');
  write(join(repo, 'web/index.ts'), 'export const page = 1;\n');
  agentGuard(repo, 'init');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');

  step('Two agents with disjoint scopes, each in its own worktree');
  agentGuard(repo, 'spawn', 'orders', '--scope', 'src/orders/**', '--task', 'Make processOrder async');
  agentGuard(repo, 'spawn', 'web', '--scope', 'web/**');
  agentGuard(repo, 'plan');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'agents: orders, web');
  const orders = join(`${repo}.agents`, 'orders');
  const web = join(`${repo}.agents`, 'web');

  step('"orders" commits inside its scope: the hook lets it through');
  write(join(orders, 'src/orders/process.ts'), 'export const processOrder = async () => 1;\n');
  git(orders, 'add', '-A');
  const inScope = shown(orders, 'git', ['commit', '-m', 'orders: async processOrder']);

  step('"web" edits a file of "orders": the pre-commit hook refuses, HEAD does not move');
  write(join(web, 'src/orders/process.ts'), 'export const processOrder = () => 2; // "quick fix"\n');
  git(web, 'add', '-A');
  const refused = shown(web, 'git', ['commit', '-m', 'web: quick fix in orders']);
  git(web, 'commit', '-q', '--no-verify', '-m', 'web: quick fix, hooks skipped');

  step('status shows both agents, and flags the one that strayed');
  agentGuard(repo, 'status');

  step('The merge queue takes "orders", and refuses "web" (base stays at the last good merge)');
  const merged = agentGuard(repo, 'merge', 'orders', 'web');

  step('Kill and restart "web": its work is backed up first');
  agentGuard(repo, 'reset', 'web', '--force');

  const ok = inScope === 0 && refused !== 0 && merged === 1;
  console.log(ok ? '\nDemo finished: orders was merged; every stray change by web was refused.' : '\nDemo: unexpected result.');
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
