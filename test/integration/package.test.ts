import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/env.js';
import { tryGit } from '../helpers/hooks.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const packDir = mkdtempSync(join(tmpdir(), 'ag-pack-'));
let repo: TestRepo;
let tarball: string;
interface PackResult {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}
let packed: PackResult;

const npm = (cwd: string, args: string[]) =>
  execFileSync('npm', args, { cwd, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * npm test type-checks beside the tests (scripts/test.mjs): dist/ is packed once tsc has written the
 * declarations, as `npm run build` would have before a publish.
 */
async function declarationsWritten(): Promise<void> {
  const marker = process.env.AGENT_GUARD_DECLARATIONS;
  if (!marker) return; // vitest run straight after npm run build
  while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 100));
  if (readFileSync(marker, 'utf8') !== '0') throw new Error('tsc failed (its output is above): dist/ has no declarations to pack');
}

describe('the packed package', () => {
  beforeAll(async () => {
    await declarationsWritten();
    packed = (JSON.parse(npm(projectRoot, ['pack', '--json', '--pack-destination', packDir])) as PackResult[])[0]!;
    tarball = join(packDir, packed.filename);
    repo = makeRepo();
    repo.write('package.json', JSON.stringify({ name: 'fresh', version: '1.0.0', private: true }, null, 2) + '\n'); // a minimal package.json: what `npm init -y` adds besides is read by nothing here
    npm(repo.path, ['install', '-D', '--no-audit', '--no-fund', '--prefer-offline', tarball]);
  }, 180_000);
  afterAll(() => {
    repo?.remove();
    rmSync(packDir, { recursive: true, force: true });
  });

  it('holds what a user runs and reads, nothing else, and does not grow without a reason', () => {
    const paths = packed.files.map((f) => f.path);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cjs/cli/main.js', 'dist/cjs/hook-entry.js', 'dist/cjs/guard-entry.js', 'dist/cli/yargs-cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/agent-guard.schema.json', 'hooks/chain.sh', 'templates/github-workflow.yml']) {
      expect(paths).toContain(file);
    }
    const bin = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).bin['agent-guard'];
    expect(paths).toContain(bin);
    // no sources, tests, benches, scripts or CI files; dist/cjs holds only the three bundles (the guard's
    // in two parts: what an Edit call does not run is a file of its own) and its package.json
    expect(paths.filter((p) => /^(src|test|bench|scripts|docs|\.ci)\/|\.ts$(?<!\.d\.ts)|^action\.yml$/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('dist/cjs/')).sort()).toEqual(['dist/cjs/cli/main.js', 'dist/cjs/guard-entry.cold.js', 'dist/cjs/guard-entry.js', 'dist/cjs/hook-entry.js', 'dist/cjs/package.json']);
    // 351 kB and 274 files when this was written; src/home/ (editing the clients' files in the user's
    // home as documents, with its record), the line-level edits of hook managers' configs, the
    // simple-git-hooks mode, glob overlaps with their owner rule, setup commands, ports, env and
    // prune --merged added ~90 kB and 40 files (each module ships as ESM, in a CommonJS bundle and as
    // declarations); the merge train with its scratch checkout, landing journal and leftovers in
    // doctor, and the attention, budget and notify modules of this round ~60 kB and 30 files; the
    // live page (src/ui, dist/ui.html) and the split of shared pieces into modules of one job
    // each (io/files, io/package-files, clients/versions, status/plan-report) ~15 more files, and one
    // module per agent client (src/clients/, ten files) ~30 more: a change that needs more says why here
    expect(packed.size).toBeLessThan(580_000);
    expect(packed.entryCount).toBeLessThan(410);
  });

  it('installs from the tarball and runs `npx agent-guard check` in a fresh repository', () => {
    repo.config({ agents: { web: { scope: ['web/**'] } } });
    repo.write('.gitignore', 'node_modules\n');
    repo.commitAll('base');
    repo.git('checkout', '-q', '-b', 'agent/web');
    repo.write('web/a.ts');
    repo.write('api/b.ts');
    repo.git('add', '-A');
    let code = 0;
    let stdout = '';
    try {
      execFileSync('npx', ['agent-guard', 'check', '--staged', '--format', 'json'], { cwd: repo.path, env: cleanEnv(), encoding: 'utf8' });
    } catch (err) {
      const failure = err as { status: number; stdout: string };
      code = failure.status;
      stdout = failure.stdout;
    }
    expect(code).toBe(1);
    expect(JSON.parse(stdout).violations).toEqual([{ path: 'api/b.ts', reason: 'out-of-scope', commit: null, oldPath: null }]);
  });

  it('runs `npx agent-guard init` and then guards real commits through the installed hooks', () => {
    const init = execFileSync('npx', ['agent-guard', 'init'], { cwd: repo.path, env: cleanEnv(), encoding: 'utf8' });
    expect(init).toContain('create       CLAUDE.md');
    expect(JSON.parse(readFileSync(join(repo.path, 'package.json'), 'utf8')).scripts.prepare).toBe('husky');
    repo.git('checkout', '-q', '-B', 'main');
    repo.config({ agents: { web: { scope: ['web/**'] } } });
    repo.commitAll('agent-guard');
    repo.git('checkout', '-q', '-B', 'agent/web');
    repo.write('web/ok.ts');
    repo.git('add', '-A');
    expect(tryGit(repo.path, ['commit', '-m', 'in scope']).code).toBe(0);
    repo.write('api/nope.ts');
    repo.git('add', '-A');
    const refused = tryGit(repo.path, ['commit', '-m', 'out of scope']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/out of scope\s+api\/nope\.ts/);
    expect(tryGit(repo.path, ['log', '-1', '--format=%s']).stdout.trim()).toBe('in scope');
  });

  it('ships the JSON Schema and a typed library API', () => {
    const installed = join(repo.path, 'node_modules/agent-guard');
    const schema = JSON.parse(readFileSync(join(installed, 'dist/agent-guard.schema.json'), 'utf8'));
    expect(schema.properties.agents.propertyNames.pattern).toBe('^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');
    expect(readFileSync(join(installed, 'dist/index.d.ts'), 'utf8')).toContain('evaluate');
    const script = `import('agent-guard').then(({ validateConfig, compilePolicy, evaluate }) => {
      const config = validateConfig({ agents: { a: { scope: ['a/**'] } } }, 'x.json');
      const verdict = evaluate(compilePolicy(config, 'a', 'x.json'), [{ kind: 'added', path: 'b/c', oldPath: null, commit: null }]);
      console.log(JSON.stringify(verdict));
    })`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: repo.path, env: cleanEnv(), encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ ok: false, violations: [{ path: 'b/c', reason: 'out-of-scope' }] });
  });
});
