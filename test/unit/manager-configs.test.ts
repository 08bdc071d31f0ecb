import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readTemplates } from '../../src/init/apply.js';
import { preCommitStages, withLefthookCommands, withoutLefthookCommands, withoutPreCommitHooks, withPreCommitHooks } from '../../src/init/manager-configs.js';
import { planFileRestore, withoutPrepareScript } from '../../src/init/uninstall-plan.js';

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
  it("puts agent-guard's local hooks first, keeping comments, order and the list's indentation; a re-run changes no byte", () => {
    const text = withPreCommitHooks('.pre-commit-config.yaml', PRE_COMMIT, templates, stages);
    expect(text.startsWith("# the team's hooks\ndefault_stages: [pre-commit]\nrepos:\n# agent-guard: managed by")).toBe(true);
    expect(text).toContain('# pinned');
    const repos = parse(text).repos;
    expect(repos[0].repo).toBe('local');
    expect(repos[0].hooks.map((h: { id: string; stages: string[] }) => [h.id, h.stages])).toEqual([['agent-guard', ['pre-commit']], ['agent-guard', ['pre-push']]]);
    expect(repos[0].hooks[0]).toMatchObject({ language: 'system', pass_filenames: false, always_run: true });
    expect(repos[0].hooks[0].entry).toMatch(/^sh -c '.*agent-guard\/linked-hooks\/\$0.*' pre-commit$/);
    expect(repos[1].repo).toBe('https://github.com/pre-commit/pre-commit-hooks');
    expect(withPreCommitHooks('.pre-commit-config.yaml', text, templates, stages)).toBe(text);
    expect(parse(withoutPreCommitHooks('.pre-commit-config.yaml', text)!)).toEqual(parse(PRE_COMMIT));
  });

  it('uses the stage names the installed pre-commit knows', () => {
    expect(preCommitStages('pre-commit 3.0.4')).toEqual({ commit: 'commit', push: 'push' });
    expect(preCommitStages('pre-commit 4.6.2')).toEqual(stages);
    expect(preCommitStages(null)).toEqual(stages);
  });

  it('names the file and line of YAML that does not parse', () => {
    expect(() => withPreCommitHooks('.pre-commit-config.yaml', 'repos:\n  - repo: local\n    hooks: [\n', templates, stages)).toThrow(/\.pre-commit-config\.yaml line \d+ is not valid YAML/);
    expect(() => withLefthookCommands('lefthook.yml', '- a list\n', templates)).toThrow('lefthook.yml is not a YAML mapping');
  });
});

describe('the lefthook config', () => {
  it('adds agent-guard first to pre-commit and pre-push (commands or jobs); pre-push gets the pushed lines', () => {
    const text = withLefthookCommands('lefthook.yml', 'pre-commit:\n  parallel: true\n  commands:\n    lint:\n      run: npm run lint\npre-push:\n  jobs:\n    - name: test\n      run: npm test\n', templates);
    const config = parse(text);
    expect(Object.keys(config['pre-commit'].commands)).toEqual(['agent-guard', 'lint']);
    expect(config['pre-commit'].commands['agent-guard'].priority).toBe(1);
    expect(config['pre-push'].jobs.map((j: { name: string }) => j.name)).toEqual(['agent-guard', 'test']);
    expect(config['pre-push'].jobs[0]).toMatchObject({ use_stdin: true });
    expect(config['pre-push'].jobs[0].run).toMatch(/ pre-push \{1\} \{2\}$/);
    expect(withLefthookCommands('lefthook.yml', text, templates)).toBe(text);
    expect(withoutLefthookCommands('lefthook.yml', text)).not.toContain('agent-guard');
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
