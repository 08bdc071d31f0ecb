// npm run lint: the type-check of src and the tests (tsconfig.check.json), Biome's linter over the
// TypeScript and JavaScript, and `shellcheck -s sh` over every hook agent-guard writes — generated
// for real by the built CLI in scratch repositories, in each hook mode, so the POSIX sh that runs on
// every commit is checked as users get it. Exit 1 on any finding. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const CLI = join(root, 'dist', 'cjs', 'cli', 'main.js');
let failed = false;

function step(name, command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0) {
    failed = true;
    console.log(`✗ ${name}\n${output}`);
  } else console.log(`✓ ${name}`);
  return result;
}

step('tsc --noEmit over src and test', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.check.json']);
step('tsc over the live page\'s script (DOM types)', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'src/ui/page/tsconfig.json']);
step('biome lint', process.execPath, [require.resolve('@biomejs/biome/bin/biome'), 'lint', '--error-on-warnings']);

if (spawnSync('shellcheck', ['--version']).status !== 0) {
  // as for the other system tools the tests use: said, not failed (.ci/run installs it where it can)
  console.log('- shellcheck over the generated hooks: skipped, shellcheck is not installed (apt-get install shellcheck)');
} else {
  const scripts = generatedHooks();
  const result = step(`shellcheck -s sh over ${scripts.length} generated hooks`, 'shellcheck', ['-s', 'sh', '-f', 'gcc', ...scripts]);
  if (result.status !== 0 && !result.stdout) console.log(result.error?.message ?? '');
}
process.exit(failed ? 1 : 0);

/** Every hook file agent-guard writes, made by the built CLI in scratch repositories (husky, git and lefthook modes, a spawned worktree, Cline's hook). */
function generatedHooks() {
  if (!existsSync(CLI)) throw new Error('run npm run build first');
  const scratch = mkdtempSync(join(tmpdir(), 'ag-lint-'));
  const env = { ...process.env, HOME: scratch, GIT_CONFIG_GLOBAL: join(scratch, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
  writeFileSync(env.GIT_CONFIG_GLOBAL, '[user]\n\tname = lint\n\temail = lint@example.com\n');
  const files = [];
  const run = (cwd, command, args) => {
    const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  };
  for (const [mode, extra] of [['husky', {}], ['git', {}], ['lefthook', { 'lefthook.yml': 'pre-commit:\n  commands:\n    lint:\n      run: "true"\n' }]]) {
    const repo = join(scratch, mode);
    mkdirSync(join(repo, 'web'), { recursive: true });
    run(repo, 'git', ['init', '-q', '-b', 'main']);
    writeFileSync(join(repo, 'agent-guard.config.json'), JSON.stringify({ base: 'main', clients: ['claude', 'cline'], agents: { web: { scope: ['web/**'] } } }));
    writeFileSync(join(repo, 'web', 'a.ts'), 'a\n');
    for (const [file, text] of Object.entries(extra)) writeFileSync(join(repo, file), text);
    run(repo, process.execPath, [CLI, 'init', '--hooks', mode]);
    run(repo, 'git', ['add', '-A']);
    run(repo, 'git', ['commit', '-q', '--no-verify', '-m', 'base']);
    run(repo, process.execPath, [CLI, 'spawn', 'web']);
    const wt = join(`${repo}.agents`, 'web');
    const hooksIn = (dir) => (existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)).filter((f) => !f.endsWith('.json') && !f.includes('/_/')) : []);
    files.push(...hooksIn(join(repo, '.husky')), ...hooksIn(join(repo, '.git', 'agent-guard', 'linked-hooks')), ...hooksIn(join(repo, '.git', 'worktrees', 'web', 'agent-guard', 'hooks')));
    files.push(join(wt, '.clinerules', 'hooks', 'PreToolUse'));
    // the after-Bash check Claude Code runs: one sh command line in the settings
    const settings = JSON.parse(readFileSync(join(wt, '.claude', 'settings.local.json'), 'utf8'));
    for (const group of settings.hooks?.PostToolUse ?? []) {
      for (const hook of group.hooks ?? []) {
        const file = join(scratch, `${mode}-post-tool-use.sh`);
        writeFileSync(file, `#!/bin/sh\n${hook.command}\n`);
        files.push(file);
      }
    }
  }
  process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
  return [...new Set(files)].filter((f) => existsSync(f) && statSync(f).isFile() && readFileSync(f, 'utf8').startsWith('#!'));
}
