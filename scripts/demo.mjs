// npm run demo: a throwaway repository where one agent stays in scope and one change strays.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const repo = mkdtempSync(join(tmpdir(), 'agent-guard-demo-'));
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
for (const key of ['CI', 'GITHUB_ACTIONS', 'GITHUB_HEAD_REF', 'AGENT_GUARD_AGENT']) delete env[key];

const git = (...args) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
const gitShown = (...args) => {
  console.log(`$ git ${args.join(' ')}`);
  const result = spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  process.stdout.write(result.stdout + result.stderr);
  console.log(`(exit ${result.status})`);
  return result.status;
};
const write = (file, text) => {
  mkdirSync(dirname(join(repo, file)), { recursive: true });
  writeFileSync(join(repo, file), text);
};
const step = (title) => console.log(`\n\x1b[1m== ${title}\x1b[0m`);
const agentGuard = (...args) => {
  console.log(`$ agent-guard ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, encoding: 'utf8' });
  process.stdout.write(result.stdout + result.stderr);
  console.log(`(exit ${result.status})`);
  return result.status;
};

try {
  step(`A repository with two agents' scopes (${repo})`);
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Demo');
  git('config', 'user.email', 'demo@example.com');
  write('src/orders/process.ts', 'export const processOrder = () => 1;\n');
  write('web/index.ts', 'export const page = 1;\n');
  agentGuard('init');
  const config = {
    base: 'main',
    shared: ['package-lock.json'],
    agents: { orders: { scope: ['src/orders/**', 'test/orders/**'] }, web: { scope: ['web/**'] } },
  };
  write('agent-guard.config.json', JSON.stringify(config, null, 2) + '\n');
  agentGuard('init');
  git('add', '-A');
  git('commit', '-q', '-m', 'base: agent-guard config and hooks');
  console.log(JSON.stringify(config, null, 2));

  step('Agent "orders" commits an in-scope change on its branch: the pre-commit hook lets it through');
  git('checkout', '-q', '-b', 'agent/orders');
  write('src/orders/process.ts', 'export const processOrder = async () => 1;\n');
  git('add', '-A');
  const inScope = gitShown('commit', '-m', 'orders: async processOrder');

  step('It also edits a file that belongs to agent "web": the hook refuses the commit');
  write('web/index.ts', 'export const page = 2; // oops\n');
  git('add', '-A');
  const strayed = gitShown('commit', '-m', 'stray edit');

  step('Even a commit forced with --no-verify is caught: CI checks every commit, with the config from main');
  git('commit', '-q', '--no-verify', '-m', 'stray edit, hooks skipped');
  const ci = agentGuard('check', '--base', 'main', '--format', 'github');

  const ok = inScope === 0 && strayed !== 0 && ci === 1;
  console.log(ok ? '\nDemo finished: the in-scope commit landed and the stray change was refused twice.' : '\nDemo: unexpected result.');
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(repo, { recursive: true, force: true });
}
