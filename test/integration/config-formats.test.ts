import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, runJson } from '../helpers/cli.js';
import { makeRepo, type TestRepo } from '../helpers/repo.js';

const agents = { orders: { scope: ['src/orders/**'] } };

let repo: TestRepo;
beforeEach(() => {
  repo = makeRepo();
});
afterEach(() => repo.remove());

/** Commits `file` with `content` on main, stages one in-scope and one out-of-scope change on agent/orders, and checks. */
function checkWith(file: string, content: string) {
  repo.write(file, content);
  repo.commitAll('config');
  repo.git('checkout', '-q', '-b', 'agent/orders');
  repo.write('src/orders/a.ts');
  repo.write('web/b.ts');
  repo.git('add', 'src/orders/a.ts', 'web/b.ts');
  return runJson(repo.path, ['check', '--staged']);
}

const yaml = 'agents:\n  orders:\n    scope:\n      - "src/orders/**"\n';
const formats: [string, string][] = [
  ['package.json', JSON.stringify({ name: 'x', 'agent-guard': { agents } })],
  ['.agent-guardrc', yaml],
  ['.agent-guardrc.json', JSON.stringify({ agents })],
  ['.agent-guardrc.yaml', yaml],
  ['.agent-guardrc.yml', yaml],
  ['agent-guard.config.json', JSON.stringify({ agents })],
  ['agent-guard.config.yaml', yaml],
  ['agent-guard.config.yml', yaml],
  ['agent-guard.config.js', `export default ${JSON.stringify({ agents })};\n`],
  ['agent-guard.config.mjs', `export default ${JSON.stringify({ agents })};\n`],
  ['agent-guard.config.cjs', `module.exports = ${JSON.stringify({ agents })};\n`],
  ['agent-guard.config.ts', `const config: { agents: Record<string, { scope: string[] }> } = ${JSON.stringify({ agents })};\nexport default config;\n`],
];

describe('config formats', () => {
  it.each(formats)('reads %s', (file, content) => {
    const { code, json, stderr } = checkWith(file, content);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(json.agent).toBe('orders');
    expect(json.violations.map((v: { path: string }) => v.path)).toEqual(['web/b.ts']);
  });

  // The same cache serves a TS config (whose TypeScript load took ~1 s per commit); an .mjs one runs faster here.
  it('runs a JS config once per text: the next check reuses it, a new text on base is run again', () => {
    const marker = `${repo.path}-evaluated`;
    const jsConfig = (scope: string[]) =>
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marker)}, 'run ');\nexport default ${JSON.stringify({ agents: { orders: { scope } } })};\n`;
    const violations = (result: { json: { violations: { path: string }[] } }) => result.json.violations.map((v) => v.path);
    try {
      // The first check runs it twice: the checkout's copy (which names the base) and base's.
      expect(violations(checkWith('agent-guard.config.mjs', jsConfig(['src/orders/**'])))).toEqual(['web/b.ts']);
      expect(readFileSync(marker, 'utf8')).toBe('run run ');
      expect(violations(runJson(repo.path, ['check', '--staged']))).toEqual(['web/b.ts']);
      expect(readFileSync(marker, 'utf8')).toBe('run run ');
      repo.git('stash', '-q');
      repo.git('checkout', '-q', 'main');
      repo.write('agent-guard.config.mjs', jsConfig(['src/orders/**', 'web/**']));
      repo.commitAll('widen');
      repo.git('checkout', '-q', 'agent/orders');
      repo.git('stash', 'pop', '-q', '--index');
      expect(violations(runJson(repo.path, ['check', '--staged']))).toEqual([]);
      expect(readFileSync(marker, 'utf8')).toBe('run run run ');
      expect(violations(runJson(repo.path, ['check', '--staged']))).toEqual([]);
      expect(readFileSync(marker, 'utf8')).toBe('run run run ');
    } finally {
      rmSync(marker, { force: true });
    }
  });

  it('ignores a package.json without the agent-guard key and keeps looking', () => {
    repo.write('package.json', JSON.stringify({ name: 'x' }));
    expect(checkWith('agent-guard.config.yaml', yaml).json.agent).toBe('orders');
  });
});

describe('bad config', () => {
  const cases: [string, string, string, RegExp][] = [
    ['broken JSON', 'agent-guard.config.json', '{ "agents": ', /agent-guard\.config\.json is not valid JSON/],
    ['broken YAML', 'agent-guard.config.yaml', 'agents: [\n  - : :\n', /agent-guard\.config\.yaml is not valid YAML/],
    ['broken package.json', 'package.json', '{ nope', /package\.json is not valid JSON/],
    ['throwing JS', 'agent-guard.config.mjs', 'throw new Error("boom");\n', /agent-guard\.config\.mjs could not be loaded: boom/],
    ['unknown key', 'agent-guard.config.json', JSON.stringify({ agents, colour: 'red' }), /colour: is not a known key/],
    ['wrong type', 'agent-guard.config.json', JSON.stringify({ agents: { orders: { scope: 'src/**' } } }), /agents\.orders\.scope: must be an array of globs, not string/],
    ['bad agent name', 'agent-guard.config.json', JSON.stringify({ agents: { 'no/slash': { scope: ['x'] } } }), /agents\.no\/slash: "no\/slash" is not a valid name/],
    ['empty glob', 'agent-guard.config.json', JSON.stringify({ agents: { orders: { scope: [''] } } }), /agents\.orders\.scope\[0\]: must not be empty/],
    ['absolute glob', 'agent-guard.config.json', JSON.stringify({ agents: { orders: { scope: ['/src/**'] } } }), /agents\.orders\.scope\[0\]: "\/src\/\*\*" is absolute/],
    ['dot-dot glob', 'agent-guard.config.json', JSON.stringify({ shared: ['../x'], agents }), /shared\[0\]: "\.\.\/x" contains a "\.\." segment/],
  ];

  it.each(cases)('%s: exit 2 with the file, the key path and what is wrong, no stack', (_name, file, content, message) => {
    repo.write(file, content);
    const result = run(repo.path, ['check', '--staged']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('shows the stack with AGENT_GUARD_DEBUG=1', () => {
    repo.write('agent-guard.config.json', '{');
    const result = run(repo.path, ['check', '--staged'], { AGENT_GUARD_DEBUG: '1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('says how to start when there is no config', () => {
    repo.write('README.md');
    const result = run(repo.path, ['check', '--staged']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no config found');
    expect(result.stderr).toContain('npx agent-guard init');
  });

  it('says so outside a git repository', () => {
    const notRepo = join(repo.path, '..');
    const result = run(notRepo === '/' ? '/tmp' : notRepo, ['check', '--staged'], { GIT_CEILING_DIRECTORIES: notRepo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not inside a git work tree');
  });

  it('rejects a config commit with the old config on base still binding', () => {
    repo.write('agent-guard.config.json', JSON.stringify({ agents }));
    repo.commitAll('config');
    repo.git('checkout', '-q', '-b', 'agent/orders');
    writeFileSync(join(repo.path, 'agent-guard.config.json'), JSON.stringify({ agents: { orders: { scope: ['**'] } } }));
    repo.write('web/b.ts');
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'widen');
    repo.write('web/c.ts');
    repo.git('add', 'web/c.ts');
    const { json } = runJson(repo.path, ['check', '--staged']);
    expect(json.violations).toEqual([{ path: 'web/c.ts', reason: 'out-of-scope', commit: null, oldPath: null }]);
    rmSync(join(repo.path, 'web'), { recursive: true });
  });
});
