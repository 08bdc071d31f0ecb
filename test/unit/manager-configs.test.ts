import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readTemplates } from '../../src/io/package-files.js';
import { preCommitStages, withLefthookCommands, withoutLefthookCommands, withoutPreCommitHooks, withPreCommitHooks } from '../../src/init/manager-configs.js';
import { planFileRestore, withoutPrepareScript } from '../../src/init/uninstall-plan.js';
import { withoutSimpleGitHooks, withSimpleGitHooks } from '../../src/init/simple-git-hooks-config.js';

const templates = readTemplates();
const stages = { commit: 'pre-commit', push: 'pre-push' };
const PRE_COMMIT = `# the team's hooks
default_stages: [pre-commit]
repos:
- repo: https://github.com/pre-commit/pre-commit-hooks   # pinned
  rev: v4.6.0
  hooks:
  - id: trailing-whitespace
`;

describe('the pre-commit framework config', () => {
  it("adds agent-guard's local hooks as new lines after the last item (its comments kept with it), in the file's style; a re-run changes no byte", () => {
    const text = withPreCommitHooks('.pre-commit-config.yaml', PRE_COMMIT, templates, '3.0.4');
    expect(text.startsWith(PRE_COMMIT)).toBe(true);
    expect(text.slice(PRE_COMMIT.length).split('\n')[0]).toBe('# agent-guard: managed by `agent-guard init`; `agent-guard uninstall` removes it');
    expect(text.slice(PRE_COMMIT.length)).toContain('\n- repo: local\n  hooks:\n  - id: agent-guard\n');
    const repos = parse(text).repos;
    expect(repos.at(-1).repo).toBe('local');
    // the file speaks pre-commit 3.2's stage names, so agent-guard does too, whatever is installed
    expect(repos.at(-1).hooks.map((h: { id: string; stages: string[] }) => [h.id, h.stages])).toEqual([['agent-guard', ['pre-commit']], ['agent-guard', ['pre-push']], ['agent-guard', ['post-checkout']]]);
    expect(repos.at(-1).hooks[0]).toMatchObject({ language: 'system', pass_filenames: false, always_run: true });
    expect(repos.at(-1).hooks[0].entry).toMatch(/^sh -c '.*agent-guard\/linked-hooks\/\$0.*' pre-commit$/);
    expect(repos[0].repo).toBe('https://github.com/pre-commit/pre-commit-hooks');
    expect(withPreCommitHooks('.pre-commit-config.yaml', text, templates, '3.0.4')).toBe(text);
    expect(withoutPreCommitHooks('.pre-commit-config.yaml', text)).toBe(PRE_COMMIT);
  });

  it("writes in the file's own sequence style, quotes and line endings, and keeps a file without a final line ending so", () => {
    const black = 'repos:\n-   repo: https://github.com/psf/black\n    rev: 24.1.0  # frozen\n    hooks:\n    -   id: black\n';
    const out = withPreCommitHooks('.pre-commit-config.yaml', black, templates, '4.0.1');
    expect(out).toContain('\n-   repo: local\n    hooks:\n    -   id: agent-guard\n        name: agent-guard (agent scopes)\n');
    const crlf = 'repos:\r\n  - repo: https://x\r\n    rev: "v1"\r\n    hooks:\r\n      - id: a\r\n        args: ["--fix"]';
    const out2 = withPreCommitHooks('.pre-commit-config.yaml', crlf, templates, '4.0.1');
    expect(out2.startsWith(`${crlf}\r\n  # agent-guard`)).toBe(true);
    expect(out2.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out2.endsWith('\n')).toBe(false);
    expect(out2).toContain('entry: "sh -c ');
    expect(withoutPreCommitHooks('.pre-commit-config.yaml', out2)).toBe(crlf);
  });

  it('follows the stage names of the file: default_stages, other hooks, minimum_pre_commit_version, then the installed version', () => {
    const stagesOf = (text: string, installed: string | null) => parse(withPreCommitHooks('.pre-commit-config.yaml', text, templates, installed)).repos.at(-1).hooks.map((h: { stages: string[] }) => h.stages[0]);
    expect(stagesOf('default_stages: [commit]\nrepos:\n- repo: x\n  rev: v1\n  hooks:\n  - id: a\n', '4.0.1')).toEqual(['commit', 'push', 'post-checkout']);
    expect(stagesOf('repos:\n- repo: x\n  rev: v1\n  hooks:\n  - id: a\n    stages: [pre-push]\n', '3.0.4')).toEqual(['pre-commit', 'pre-push', 'post-checkout']);
    expect(stagesOf('minimum_pre_commit_version: 2.20.0\nrepos:\n- repo: x\n  rev: v1\n  hooks:\n  - id: a\n', '4.0.1')).toEqual(['commit', 'push', 'post-checkout']);
    expect(stagesOf('repos:\n- repo: x\n  rev: v1\n  hooks:\n  - id: a\n', 'pre-commit 3.0.4')).toEqual(['commit', 'push', 'post-checkout']);
  });

  it('uses the stage names the installed pre-commit knows', () => {
    expect(preCommitStages('pre-commit 3.0.4')).toEqual({ commit: 'commit', push: 'push' });
    expect(preCommitStages('pre-commit 4.6.2')).toEqual(stages);
    expect(preCommitStages(null)).toEqual(stages);
  });

  it('names the file and line of YAML that does not parse', () => {
    expect(() => withPreCommitHooks('.pre-commit-config.yaml', 'repos:\n  - repo: local\n    hooks: [\n', templates, null)).toThrow(/\.pre-commit-config\.yaml line \d+ is not valid YAML/);
    expect(() => withLefthookCommands('lefthook.yml', '- a list\n', templates)).toThrow('lefthook.yml is not a YAML mapping');
  });
});

describe('the lefthook config', () => {
  it('adds agent-guard to pre-commit and pre-push as new lines after their last command or job; pre-push gets the pushed lines', () => {
    const mine = 'pre-commit:\n  parallel: true\n  commands:\n    lint:\n      run: npm run lint\npre-push:\n  jobs:\n    - name: test\n      run: npm test\n';
    const text = withLefthookCommands('lefthook.yml', mine, templates);
    const config = parse(text);
    expect(Object.keys(config['pre-commit'].commands)).toEqual(['lint', 'agent-guard']);
    expect(config['pre-commit'].commands['agent-guard'].priority).toBe(1);
    expect(config['pre-push'].jobs.map((j: { name: string }) => j.name)).toEqual(['test', 'agent-guard']);
    expect(config['pre-push'].jobs[1]).toMatchObject({ use_stdin: true });
    expect(config['pre-push'].jobs[1].run).toMatch(/ pre-push \{1\} \{2\}$/);
    expect(withLefthookCommands('lefthook.yml', text, templates)).toBe(text);
    expect(withoutLefthookCommands('lefthook.yml', text)).toBe(mine);
  });

  it('adds a hook the file does not have at its end, and takes it out whole', () => {
    const mine = '# ours\ncommit-msg:\n  commands:\n    lint:\n      run: commitlint --edit {1}\n';
    const text = withLefthookCommands('lefthook.yml', mine, templates);
    expect(text.startsWith(mine)).toBe(true);
    expect(Object.keys(parse(text))).toEqual(['commit-msg', 'pre-commit', 'pre-push', 'post-checkout']);
    expect(withoutLefthookCommands('lefthook.yml', text)).toBe(mine);
  });
});

describe('uninstall: what goes back', () => {
  it('restores a file init left as it was, takes only its part out of one changed since, and deletes what it made', () => {
    const files = {
      'CLAUDE.md': { before: '# Ours\n', after: '# Ours\n\n<!-- agent-guard:start x -->\nrules\n<!-- agent-guard:end -->\n' },
      'AGENTS.md': { before: null, after: '<!-- agent-guard:start -->\nrules\n<!-- agent-guard:end -->\n' },
      'package.json': { before: '{\n  "name": "x"\n}\n', after: '{\n  "name": "x",\n  "scripts": {\n    "prepare": "husky"\n  }\n}\n' },
      'agent-guard.config.json': { before: null, after: '{}\n' },
    };
    const actions = planFileRestore(files, {
      'CLAUDE.md': '# Ours\n\n<!-- agent-guard:start x -->\nrules\n<!-- agent-guard:end -->\n\nmore of ours\n',
      'AGENTS.md': files['AGENTS.md'].after,
      'package.json': files['package.json'].after,
      'agent-guard.config.json': '{ "agents": {} }\n',
    });
    expect(actions).toEqual([
      { path: 'CLAUDE.md', do: 'write', content: '# Ours\n\n\nmore of ours\n', why: "changed since init: agent-guard's part taken out, your changes kept" },
      { path: 'AGENTS.md', do: 'delete', why: 'made by init, unchanged since' },
      { path: 'package.json', do: 'write', content: files['package.json'].before, why: 'as before init' },
      { path: 'agent-guard.config.json', do: 'keep', why: 'changed since init; agent-guard has no part in it to take out, left as it is' },
    ]);
    expect(withoutPrepareScript('{\n  "scripts": {\n    "prepare": "husky && tsc"\n  }\n}\n')).toBe('{\n  "scripts": {\n    "prepare": "tsc"\n  }\n}\n');
  });
});

describe("simple-git-hooks' config", () => {
  const ours = /^sh -c '.*agent-guard\/linked-hooks\/\$0.*' pre-commit \|\| exit 1$/;

  it("puts agent-guard's line first in pre-commit, adds pre-push, and takes both out byte for byte", () => {
    const mine = '{\n    "name": "team",\n    "simple-git-hooks": {\n        "pre-commit": "npx lint-staged\\nnpm run check"\n    },\n    "devDependencies": {}\n}\n';
    const text = withSimpleGitHooks('package.json', mine, templates);
    const hooks = JSON.parse(text)['simple-git-hooks'];
    expect(hooks['pre-commit'].split('\n')[0]).toMatch(ours);
    expect(hooks['pre-commit'].split('\n').slice(1)).toEqual(['npx lint-staged', 'npm run check']);
    expect(hooks['pre-push']).toMatch(/ pre-push "\$1" "\$2" \|\| exit 1$/);
    expect(text).toContain('\n        "pre-push": ');
    expect(withSimpleGitHooks('package.json', text, templates)).toBe(text);
    expect(withoutSimpleGitHooks('package.json', text)).toBe(mine);
    expect(withoutSimpleGitHooks('package.json', mine)).toBeNull();
  });

  it("edits simple-git-hooks' own JSON file the same way, and refuses a command that is not a string", () => {
    const mine = '{\n  "pre-push": "npm test"\n}\n';
    const text = withSimpleGitHooks('.simple-git-hooks.json', mine, templates);
    expect(JSON.parse(text)['pre-commit']).toMatch(ours);
    expect(JSON.parse(text)['pre-push'].split('\n')[1]).toBe('npm test');
    expect(withoutSimpleGitHooks('.simple-git-hooks.json', text)).toBe(mine);
    expect(() => withSimpleGitHooks('package.json', '{"simple-git-hooks": {"pre-commit": ["x"]}}', templates)).toThrow("simple-git-hooks' pre-commit is not a command");
  });
});
