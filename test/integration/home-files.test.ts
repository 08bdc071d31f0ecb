import { spawn as startProcess, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, run } from '../helpers/cli.js';
import { clientBinary } from '../helpers/client-binary.js';
import { cleanEnv } from '../helpers/env.js';
import { discard } from '../helpers/discard.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

// The files agent-guard writes in the user's home (the clients' trust), always in a scratch HOME.
// The real Codex (pinned; installed into the test cache as for its own test) judges the TOML.
const codexBinary = clientBinary('codex').path;
let repo: TestRepo;
let home: string;
let env: Record<string, string>;
beforeEach(() => {
  repo = makeRepo();
  repo.write('web/page.ts');
  repo.write('src/orders/a.ts');
  home = mkdtempSync(join(tmpdir(), 'ag-home-'));
  env = { HOME: home, CODEX_HOME: join(home, '.codex'), GEMINI_CLI_HOME: home, COPILOT_HOME: join(home, '.copilot') };
});
afterEach(() => {
  repo.remove();
  discard(`${repo.path}.agents`);
  discard(home);
});

const codexFile = () => join(home, '.codex', 'config.toml');
const geminiFile = () => join(home, '.gemini', 'trustedFolders.json');
const copilotFile = () => join(home, '.copilot', 'config.json');
const read = (file: string) => readFileSync(file, 'utf8');
const ok = (result: { code: number; stdout: string; stderr: string }) => expect(result.code, result.stdout + result.stderr).toBe(0);
const headers = (text: string) => text.split('\n').filter((l) => l.startsWith('['));

function setUp(clients: string[], agents: Record<string, { scope: string[] }> = { web: { scope: ['web/**'] }, orders: { scope: ['src/orders/**'] } }) {
  repo.config({ base: 'main', clients, agents });
  repo.commitAll('base');
}

/** The user's own files before agent-guard ever ran: comments, odd spacing, their own entries. */
function usersFiles() {
  mkdirSync(join(home, '.codex'), { recursive: true });
  mkdirSync(join(home, '.gemini'), { recursive: true });
  writeFileSync(codexFile(), '# my codex\nmodel = "gpt-5"   # aligned comment\n\n[projects."/elsewhere"]\ntrust_level = "trusted"\n');
  writeFileSync(geminiFile(), '{\n    "/elsewhere": "TRUST_PARENT"\n}');
  return { codex: read(codexFile()), gemini: read(geminiFile()) };
}

describe("the clients' files in the user's home", () => {
  it('init, two spawns and init again: every file parses, no entry twice; remove takes out its worktree\'s trust, uninstall leaves every file as before', () => {
    setUp(['claude', 'codex', 'gemini', 'copilot']);
    const before = usersFiles();
    ok(run(repo.path, ['init'], env));
    ok(run(repo.path, ['spawn', 'web'], env));
    ok(run(repo.path, ['spawn', 'orders'], env));
    ok(run(repo.path, ['init'], env));
    const root = realpathSync(repo.path);
    const codex = read(codexFile());
    expect(() => parseToml(codex)).not.toThrow();
    expect(headers(codex).filter((h) => h === `[projects.${JSON.stringify(root)}]`)).toHaveLength(1);
    expect(new Set(headers(codex)).size).toBe(headers(codex).length);
    expect(codex.startsWith(before.codex)).toBe(true);
    const gemini = JSON.parse(read(geminiFile())) as Record<string, string>;
    expect(Object.keys(gemini).sort()).toEqual(['/elsewhere', repo.path, join(`${repo.path}.agents`, 'orders'), join(`${repo.path}.agents`, 'web')].sort());
    const copilot = JSON.parse(read(copilotFile())) as { trustedFolders: string[] };
    expect(copilot.trustedFolders.sort()).toEqual([repo.path, join(`${repo.path}.agents`, 'orders'), join(`${repo.path}.agents`, 'web')].sort());

    const web = join(`${repo.path}.agents`, 'web');
    const webReal = realpathSync(web);
    const removed = run(repo.path, ['remove', 'web'], env);
    ok(removed);
    expect(removed.stdout).toContain("Took agent-guard's trust out of");
    expect(read(codexFile())).not.toContain(JSON.stringify(webReal));
    expect(read(codexFile())).toContain(JSON.stringify(realpathSync(join(`${repo.path}.agents`, 'orders'))));
    expect(Object.keys(JSON.parse(read(geminiFile())) as object)).not.toContain(web);
    expect((JSON.parse(read(copilotFile())) as { trustedFolders: string[] }).trustedFolders).not.toContain(web);

    const uninstalled = run(repo.path, ['uninstall'], env);
    ok(uninstalled);
    expect(read(codexFile())).toBe(before.codex);
    expect(read(geminiFile())).toBe(before.gemini);
    expect(existsSync(copilotFile())).toBe(false); // agent-guard created it
  });

  it('ends spawn --client NAME with the command of the client asked for', () => {
    setUp(['claude']);
    ok(run(repo.path, ['init'], env));
    const spawned = run(repo.path, ['spawn', 'web', '--client', 'gemini'], env);
    ok(spawned);
    expect(spawned.stdout.trim().split('\n').at(-1)).toBe(`Start the agent there, e.g.: cd ${join(`${repo.path}.agents`, 'web')} && gemini`);
  });

  it('keeps an entry the user wrote: neither duplicated nor taken out', () => {
    setUp(['claude', 'codex']);
    mkdirSync(join(home, '.codex'), { recursive: true });
    const mine = `[projects.${JSON.stringify(realpathSync(repo.path))}]\ntrust_level = "trusted"\n`;
    writeFileSync(codexFile(), mine);
    ok(run(repo.path, ['init'], env));
    ok(run(repo.path, ['init'], env));
    expect(headers(read(codexFile())).filter((h) => h.startsWith('[projects.'))).toHaveLength(1);
    ok(run(repo.path, ['uninstall'], env));
    expect(read(codexFile())).toBe(mine);
  });

  it('lands all ten entries when ten `spawn --client codex` run at once', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `a${i}`);
    setUp(['claude'], Object.fromEntries(names.map((n) => [n, { scope: [`${n}/**`] }])));
    ok(run(repo.path, ['init'], env));
    const start = (name: string) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        const child = startProcess(process.execPath, [CLI, 'spawn', name, '--client', 'codex'], { cwd: repo.path, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code) => resolve({ code: code ?? -1, output }));
      });
    const results = await Promise.all(names.map(start));
    expect(results.map((r) => r.code), results.map((r) => r.output).join('\n')).toEqual(names.map(() => 0));
    const doc = parseToml(read(codexFile())) as { projects: Record<string, unknown> };
    for (const name of names) expect(doc.projects).toHaveProperty([realpathSync(join(`${repo.path}.agents`, name))]);
    ok(run(repo.path, ['uninstall'], env));
    // the ten worktrees' trust went with the repository's
    expect(existsSync(codexFile())).toBe(false);
  }, 60_000);

  it('refuses a file that does not parse (file and line, nothing written), writes through a symlink, and refuses a read-only file', () => {
    setUp(['claude', 'codex', 'gemini']);
    ok(run(repo.path, ['init'], { ...env, CODEX_HOME: join(home, 'none') })); // hooks installed; trust written elsewhere
    mkdirSync(join(home, '.codex'), { recursive: true });
    writeFileSync(codexFile(), 'model = "x"\n[projects\n');
    const broken = run(repo.path, ['spawn', 'web'], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${codexFile()} line 2 is not valid TOML`);
    expect(read(codexFile())).toBe('model = "x"\n[projects\n');

    writeFileSync(codexFile(), 'model = "x"\n');
    const dotfiles = join(home, 'dotfiles');
    mkdirSync(dotfiles);
    writeFileSync(join(dotfiles, 'trusted.json'), '{}\n');
    rmSync(geminiFile(), { force: true });
    symlinkSync(join(dotfiles, 'trusted.json'), geminiFile());
    chmodSync(codexFile(), 0o444);
    const readOnly = run(repo.path, ['spawn', 'orders'], env);
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toContain(`${codexFile()} is read-only`);
    expect(read(codexFile())).toBe('model = "x"\n');

    chmodSync(codexFile(), 0o640);
    ok(run(repo.path, ['remove', 'orders', '--force'], env));
    ok(run(repo.path, ['spawn', 'orders'], env));
    expect(lstatSync(geminiFile()).isSymbolicLink()).toBe(true);
    expect(readlinkSync(geminiFile())).toBe(join(dotfiles, 'trusted.json'));
    expect(Object.keys(JSON.parse(read(join(dotfiles, 'trusted.json'))) as object)).toContain(join(`${repo.path}.agents`, 'orders'));
    expect(lstatSync(codexFile()).mode & 0o777).toBe(0o640);
  });

  it('doctor names a config an older agent-guard broke and trust left for a folder that is gone; doctor --fix repairs only what agent-guard wrote', () => {
    setUp(['claude', 'codex', 'gemini']);
    ok(run(repo.path, ['init'], env));
    ok(run(repo.path, ['spawn', 'web'], env));
    const root = realpathSync(repo.path);
    const good = read(codexFile());
    // what init wrote before this version: the main checkout's project twice
    writeFileSync(codexFile(), `${good}\n[projects.${JSON.stringify(root)}]\ntrust_level = "trusted"\n`);
    const web = join(`${repo.path}.agents`, 'web');
    spawnSync('git', ['worktree', 'remove', '--force', web], { cwd: repo.path }); // gone without agent-guard
    const doctor = run(repo.path, ['doctor'], env);
    expect(doctor.code).toBe(1);
    // the line of the table written twice: after what spawn wrote and a blank line
    expect(doctor.stdout).toContain(`FAIL  ${codexFile()} line ${good.split('\n').length + 1} does not parse (Invalid TOML document: trying to redefine`);
    expect(doctor.stdout).toContain('fix: run `agent-guard doctor --fix`');
    expect(doctor.stdout).toContain(`${geminiFile()} still trusts ${web}, which no longer exists`);
    const fixed = run(repo.path, ['doctor', '--fix'], env);
    expect(fixed.stdout).toContain(`fixed ${codexFile()}: each entry once`);
    expect(() => parseToml(read(codexFile()))).not.toThrow();
    expect(read(codexFile())).not.toContain(JSON.stringify(realpathSync(repo.path) + '.agents/web'));
    expect(Object.keys(JSON.parse(read(geminiFile())) as object)).toEqual([repo.path]);
    expect(run(repo.path, ['doctor'], env).stdout).not.toMatch(/FAIL .*(config\.toml|trustedFolders)/);
  });

  it.skipIf(!codexBinary)('the real Codex loads the config after init and two spawns', () => {
    setUp(['claude', 'codex']);
    ok(run(repo.path, ['init'], env));
    ok(run(repo.path, ['spawn', 'web'], env));
    ok(run(repo.path, ['spawn', 'orders'], env));
    ok(run(repo.path, ['init'], env));
    const codex = spawnSync(codexBinary!, ['features', 'list'], { cwd: repo.path, env: cleanEnv(env), encoding: 'utf8', timeout: 30_000 });
    expect(codex.status, codex.stderr).toBe(0);
    // and the check can fail: the file as the old init wrote it (a project twice) is refused by Codex
    writeFileSync(codexFile(), `${read(codexFile())}\n[projects.${JSON.stringify(realpathSync(repo.path))}]\ntrust_level = "trusted"\n`);
    const refused = spawnSync(codexBinary!, ['features', 'list'], { cwd: repo.path, env: cleanEnv(env), encoding: 'utf8', timeout: 30_000 });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('duplicate key');
  });
});
