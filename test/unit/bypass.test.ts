import { describe, expect, it } from 'vitest';
import { bypassReason } from '../../src/guard/bypass.js';
import { parseShell } from '../../src/guard/shell-words.js';

describe('bypassReason', () => {
  it.each([
    'git commit --no-verify -m "wip"',
    'git commit -n -m wip',
    'git commit -anm wip',
    'git commit -m wip --no-verif',
    'git -C ../other commit --no-verify',
    'cd src && git commit -qn -m "x"',
    'git add -A; git commit --no-verify',
    'echo $(git commit --no-verify -m x)',
    'git push --no-verify origin agent/web',
    'git push origin HEAD --no-verify',
    'HUSKY=0 git commit -m x',
    'LEFTHOOK=0 git commit -m x',
    'SKIP=no-todo,agent-guard git commit -m x',
    'export LEFTHOOK_EXCLUDE=agent-guard && git push',
    "sed -i '/agent-guard/d' .pre-commit-config.yaml",
    'echo "pre-commit: {}" > lefthook.yml',
    'echo {} > ../main/.codex/hooks.json',
    'rm .gemini/settings.json',
    'rm -rf .opencode/plugins',
    "sed -i 's/guard//' .github/hooks/agent-guard.json",
    'export HUSKY=0 && git commit -m x',
    'env HUSKY=0 git push',
    'AGENT_GUARD_AGENT=web git commit -m x',
    'git config core.hooksPath /dev/null',
    'git config --worktree core.hooksPath .husky',
    'git config --unset core.hooksPath',
    'git config --unset extensions.worktreeConfig',
    'git -c core.hooksPath=/dev/null commit -m x',
    'git -c core.hookspath commit -m x', // a bare key is "true": a folder of that name, without hooks
    'git --config-env=core.hooksPath=EMPTY commit -m x',
    'git --config-env core.hooksPath=EMPTY push',
    'GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/dev/null git commit -m x',
    "GIT_CONFIG_PARAMETERS=\"'core.hooksPath'='/dev/null'\" git commit -m x",
    'export GIT_CONFIG_KEY_0=core.hooksPath',
    'echo "exit 0" > .husky/pre-commit',
    'printf x >> .husky/pre-push',
    'rm -rf .husky',
    'rm .git/worktrees/web/agent-guard/manifest.json',
    'echo exit 0 > ../main/.git/agent-guard/linked-hooks/pre-commit',
    'cp /tmp/evil ../.git/worktrees/web/agent-guard/hooks/pre-commit',
    "sed -i 's/agent-guard//' .husky/pre-commit",
    'chmod -x .husky/pre-commit',
    'tee .claude/settings.local.json < /tmp/x',
    'cat > .git/hooks/pre-commit <<EOF\nexit 0\nEOF',
  ])('denies %j', (command) => {
    expect(bypassReason(command)).not.toBeNull();
  });

  it.each([
    'git commit -m "do not use --no-verify"',
    "git commit -m 'HUSKY=0 is not allowed here'",
    'git commit -m -n',
    'git commit -F msg.txt -a',
    'git commit --message --no-verify',
    'git commit -- -n',
    'git push --dry-run origin agent/web',
    'git push -n origin',
    'git status && git diff',
    'git config --get core.hooksPath',
    'git config user.name "A"',
    'GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=A git commit -m x',
    'git -c core.hooksPathological=1 status',
    'cat .husky/pre-commit',
    'grep -r agent-guard .husky',
    'echo HUSKY=0',
    'echo "git commit --no-verify" > notes.md',
    'npm test -- --no-verify',
    'ls .git/hooks',
  ])('allows %j', (command) => {
    expect(bypassReason(command)).toBeNull();
  });
});

describe('parseShell', () => {
  it('reads words, assignments, redirections and nested commands', () => {
    expect(parseShell('A=1 git commit -m "a b" > out.txt && echo `date` | tee -a log')).toEqual([
      { assignments: ['A=1'], words: ['git', 'commit', '-m', 'a b'], writes: ['out.txt'] },
      { assignments: [], words: ['echo', '`date`'], writes: [] },
      { assignments: [], words: ['tee', '-a', 'log'], writes: [] },
      { assignments: [], words: ['date'], writes: [] },
    ]);
  });

  it('keeps escaped and quoted text in one word', () => {
    expect(parseShell(`git commit -m it\\'s\\ fine -m 'a "b"' -m "c \\"d\\""`)[0]!.words).toEqual(['git', 'commit', '-m', "it's fine", '-m', 'a "b"', '-m', 'c "d"']);
  });
});
