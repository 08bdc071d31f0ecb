import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGuard } from '../../src/guard/run.js';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';

// The guard in-process (the same function the hook entry runs) against a real spawned worktree:
// agent "orders" (src/orders/**), agent "web" (web/**), base main.
let repo: AgentRepo;
let wt: string;
beforeAll(() => {
  repo = makeAgentRepo({}, { spawn: ['orders'] });
  wt = repo.agentPath('orders');
  mkdirSync(join(wt, 'src/orders/sub'), { recursive: true });
  writeFileSync(join(repo.path, '.git/info/exclude'), 'build/\n', { flag: 'a' });
  writeFileSync(join(wt, 'web.patch'), 'diff --git a/web/page.ts b/web/page.ts\n--- a/web/page.ts\n+++ b/web/page.ts\n@@ -1 +1 @@\n-a\n+b\n');
  writeFileSync(join(wt, 'orders.patch'), 'diff --git a/src/orders/a.ts b/src/orders/a.ts\n--- a/src/orders/a.ts\n+++ b/src/orders/a.ts\n@@ -1 +1 @@\n-a\n+b\n');
});
afterAll(() => repo.remove());

async function decide(command: string): Promise<'allow' | 'deny'> {
  const input = JSON.stringify({ session_id: 's', cwd: wt, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
  const result = await runGuard(input, {});
  expect(result.exitCode).toBe(0);
  return result.stdout.includes('"deny"') ? 'deny' : 'allow';
}

const main = () => repo.path;

const table: [string, 'allow' | 'deny'][] = [
  // ordinary work
  ['npm test', 'allow'],
  ['git status', 'allow'],
  ['git log --no-verify', 'allow'],
  ['git diff HEAD~1', 'allow'],
  ['git commit -m "docs for --no-verify"', 'allow'],
  ['git commit -m "$(cat <<\'EOF\'\nFix orders\n\ngit commit --no-verify is not used here\nEOF\n)"', 'allow'],
  ['git add -A && git commit -m wip', 'allow'],
  ['git push', 'allow'],
  ['git push origin HEAD', 'allow'],
  ['git push origin agent/orders', 'allow'],
  ['ls -la src', 'allow'],
  ['cat web/page.ts', 'allow'],
  ['grep -r foo web', 'allow'],
  ['echo hi > src/orders/new.ts', 'allow'],
  ['echo hi >> src/orders/a.ts', 'allow'],
  ['printf x | tee src/orders/t.ts', 'allow'],
  ['cp web/page.ts src/orders/copy.ts', 'allow'],
  ['cp web/page.ts src/orders/sub', 'allow'],
  ['mv src/orders/a.ts src/orders/b.ts', 'allow'],
  ['rm -rf src/orders/sub', 'allow'],
  ['touch src/orders/x.ts', 'allow'],
  ['mkdir -p src/orders/deep/er', 'allow'],
  ['sed -i s/a/b/ src/orders/a.ts', 'allow'],
  ['sed -n 1,5p web/page.ts', 'allow'],
  ['perl -pi -e s/a/b/ src/orders/a.ts', 'allow'],
  ['echo scratch > /tmp/agent-guard-scratch.txt', 'allow'],
  ['mkdir -p build && node gen.js > build/out.js', 'allow'],
  ['echo {} > .claude/settings.local.json', 'deny'],
  ['npm test > /tmp/out.log 2>&1', 'allow'],
  ['node build.js 2>/dev/null', 'allow'],
  ['git checkout -- src/orders/a.ts', 'allow'],
  ['git restore src/orders/a.ts', 'allow'],
  ['git restore --staged -- web/page.ts', 'allow'], // unstaging touches no file
  ['git restore -S web/page.ts', 'allow'],
  ['git reset -q -- web/page.ts', 'allow'],
  // putting HEAD's version back is no change (the PostToolUse report's undo command)
  ['git restore --source=HEAD --staged --worktree -- web/page.ts', 'allow'],
  ['git restore --worktree --source HEAD web/page.ts', 'allow'],
  ['git restore -SW web/page.ts', 'allow'], // --staged: from HEAD
  ['git checkout HEAD -- web/page.ts', 'allow'],
  ['git clean -f -q -- web/new.ts', 'allow'],
  ['git apply orders.patch', 'allow'],
  ['bash -c "echo hi > src/orders/y.ts"', 'allow'],
  ['git reset --hard HEAD~1', 'allow'],
  ['git branch -D agent/orders-old', 'allow'],
  ['echo $HOME', 'allow'],
  ['echo "unbalanced', 'allow'],
  // writes out of scope, protected, or into another checkout
  ['echo hi > web/evil.ts', 'deny'],
  ['echo hi >> web/page.ts', 'deny'],
  ['echo hi &> web/log.txt', 'deny'],
  ['echo hi >| web/x.ts', 'deny'],
  ['cat x | tee -a web/page.ts', 'deny'],
  ['cp src/orders/a.ts web/p', 'deny'],
  ['mv src/orders/a.ts web/moved.ts', 'deny'],
  ['mv web/page.ts src/orders/stolen.ts', 'deny'],
  ['rm web/page.ts', 'deny'],
  ['rm -f README.md', 'deny'],
  ['touch web/new.ts', 'deny'],
  ['mkdir web/newdir', 'deny'],
  ['ln -s ../src web/link', 'deny'],
  ['truncate -s 0 web/page.ts', 'deny'],
  ['install -m 644 src/orders/a.ts web/a.ts', 'deny'],
  ['sed -i s/a/b/ web/page.ts', 'deny'],
  ['sed -i.bak -e s/a/b/ web/page.ts', 'deny'],
  ['perl -pi -e s/a/b/ web/page.ts', 'deny'],
  ['rm web/*.ts', 'deny'],
  ['echo {} > agent-guard.config.json', 'deny'],
  ['git checkout main -- web/page.ts', 'deny'],
  ['git restore --source=main web/page.ts', 'deny'],
  ['git restore --worktree web/page.ts', 'deny'], // from the index, which may hold anything
  ['git restore -s main -S -W web/page.ts', 'deny'],
  ['git restore -smain -SW web/page.ts', 'deny'],
  ['git restore --source=main --staged --worktree -- web/page.ts', 'deny'],
  ['git rm -f -q -- web/page.ts', 'deny'],
  ['git checkout HEAD -- .claude/settings.local.json', 'deny'], // HEAD's version of a guard file is no safe undo
  ['git restore --source=HEAD --staged --worktree -- .husky/pre-commit', 'deny'],
  ['git apply web.patch', 'deny'],
  ['echo hi > ../../$(basename x)/y', 'allow'],
  // wrapped commands are read like the outer one
  ['bash -c "echo hi > web/x.ts"', 'deny'],
  ['sh -c \'rm web/page.ts\'', 'deny'],
  ['bash -c "git commit --no-verify -m x"', 'deny'],
  ['sh -c \'git commit -n -m x\'', 'deny'],
  ['zsh -lc "git push --no-verify"', 'deny'],
  ['eval "git commit --no-verify -m x"', 'deny'],
  ['env FOO=1 git commit --no-verify -m x', 'deny'],
  ['nohup rm web/page.ts', 'deny'],
  ['time git commit -n -m x', 'deny'],
  ['timeout 10 git commit --no-verify -m x', 'deny'],
  ['echo web/page.ts | xargs rm', 'allow'],
  ['find . | xargs -n1 sed -i s/a/b/ web/page.ts', 'deny'],
  // unreadable options of commit/push
  ['x=--no-verify; git commit $x -m y', 'deny'],
  ['git commit "$FLAGS" -m y', 'deny'],
  ['git push $(echo --no-verify)', 'deny'],
  // moving branches that are not the agent's
  ['git update-ref refs/heads/main HEAD', 'deny'],
  ['git branch -f main HEAD', 'deny'],
  ['git branch -D agent/web', 'deny'],
  ['git branch -M agent/web', 'deny'],
  ['git push origin HEAD:main', 'deny'],
  ['git push origin agent/web', 'deny'],
  ['git push -f origin +HEAD:refs/heads/main', 'deny'],
  ['git reset --hard agent/web', 'deny'],
  // leaving its own branch for base or another agent's, by any spelling; moving them by other plumbing
  ['git checkout main', 'deny'],
  ['git checkout --ignore-other-worktrees main', 'deny'],
  ['git checkout -f refs/heads/main', 'deny'],
  ['git checkout -q heads/main', 'deny'],
  ['git checkout -B main', 'deny'],
  ['git checkout -B main origin/main', 'deny'],
  ['git switch main', 'deny'],
  ['git switch --ignore-other-worktrees main', 'deny'],
  ['git switch -C main HEAD', 'deny'],
  ['git switch --force-create=main', 'deny'],
  ['git switch agent/web', 'deny'],
  ['git checkout --ignore-other-worktrees agent/web', 'deny'],
  ['git symbolic-ref HEAD refs/heads/main', 'deny'],
  ['git symbolic-ref -m away HEAD refs/heads/agent/web', 'deny'],
  ['git update-ref --stdin < moves.txt', 'deny'],
  ['git fetch origin main:main', 'deny'],
  ['git fetch . HEAD:main', 'deny'],
  ['git fetch -f origin +refs/heads/main:refs/heads/main', 'deny'],
  ['git fetch origin "refs/heads/*:refs/heads/*"', 'deny'],
  ['git pull origin HEAD:agent/web', 'deny'],
  ['git worktree add ../elsewhere main', 'deny'],
  ['git worktree add -B main ../elsewhere', 'deny'],
  ['git rebase HEAD main', 'deny'],
  ['git rebase --onto HEAD HEAD~1 agent/web', 'deny'],
  ['git mv web/page.ts src/orders/stolen.ts', 'deny'],
  ['git mv src/orders/a.ts web/moved.ts', 'deny'],
  // git aliases that run what is refused, defined for later or given for this call
  ['git config alias.ci "commit --no-verify"', 'deny'],
  ['git config --global alias.ci "commit -n"', 'deny'],
  ['git config set alias.p "push --no-verify"', 'deny'],
  ['git config alias.nohooks "config core.hooksPath /dev/null"', 'deny'],
  ['git config alias.main "checkout main"', 'deny'],
  ['git config alias.w "!echo hi > web/evil.ts"', 'deny'],
  ["git config alias.x '!HUSKY=0 git commit -m x'", 'deny'],
  ['git config alias.x "$PAYLOAD"', 'deny'],
  ['git -c alias.ci="commit --no-verify" ci -m x', 'deny'],
  ["git -c 'alias.ci=!git commit -n' ci", 'deny'],
  ['git -c alias.up="push origin +HEAD:main" up', 'deny'],
  ['git --config-env alias.ci=CMD ci', 'deny'],
  ['GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.ci GIT_CONFIG_VALUE_0="commit -n" git ci', 'deny'],
  ["GIT_CONFIG_PARAMETERS=\"'alias.ci'='commit -n'\" git ci", 'deny'],
  ['git config alias.st status', 'allow'],
  ['git config alias.lg "log --oneline --graph"', 'allow'],
  ['git -c alias.st=status st', 'allow'],
  ['git config --get alias.ci', 'allow'],
  // pushes that delete or force-move what is not the agent's
  ['git push --mirror', 'deny'],
  ['git push --mirror origin', 'deny'],
  ['git push --prune origin', 'deny'],
  ['git push --all --force', 'deny'],
  ['git push -f --all origin', 'deny'],
  ['git push origin --delete main', 'deny'],
  ['git push origin :main', 'deny'],
  ['git push -d origin agent/web', 'deny'],
  ['git push --force origin HEAD:main', 'deny'],
  ['git push origin :refs/agent-guard/claims', 'deny'],
  ['git push origin --delete refs/agent-guard/claims', 'deny'],
  ['git push -f origin HEAD:refs/agent-guard/claims', 'deny'],
  ['git push --force origin agent/orders', 'allow'],
  ['git push --force-with-lease origin HEAD:agent/orders', 'allow'],
  ['git push --all origin', 'allow'],
  ['git push origin --delete agent/orders-spike', 'allow'],
  // replace refs: other objects than the commits hold, for every git command
  ['git replace HEAD~1 HEAD', 'deny'],
  ['git replace --graft HEAD', 'deny'],
  ['git replace -f main HEAD', 'deny'],
  ['git replace -d abc123', 'deny'],
  ['git replace --edit HEAD', 'deny'],
  ['git update-ref refs/replace/abc123 HEAD', 'deny'],
  ['git fetch origin "refs/replace/*:refs/replace/*"', 'deny'],
  ['git replace -l', 'allow'],
  ['git replace', 'allow'],
  ['git replace --list --format=medium', 'allow'],
  // and the ordinary branch work around them stays allowed
  ['git checkout agent/orders', 'allow'],
  ['git switch agent/orders', 'allow'],
  ['git checkout -b agent/orders-spike', 'allow'],
  ['git switch -c scratch main', 'allow'],
  ['git checkout --detach main', 'allow'],
  ['git switch --detach origin/main', 'allow'],
  ['git checkout main -- src/orders/a.ts', 'allow'],
  ['git checkout -', 'allow'],
  ['git fetch origin', 'allow'],
  ['git fetch origin main', 'allow'],
  ['git fetch origin main:refs/remotes/origin/main', 'allow'],
  ['git pull --rebase origin main', 'allow'],
  ['git rebase main', 'allow'],
  ['git rebase --onto main HEAD~2', 'allow'],
  ['git merge main', 'allow'],
  ['git worktree list', 'allow'],
  ['git worktree add -b agent/orders-spike ../spike main', 'allow'],
  ['git symbolic-ref --short HEAD', 'allow'],
  ['git mv src/orders/a.ts src/orders/b.ts', 'allow'],
];

describe('the Bash guard, command by command (agent "orders")', () => {
  it.each(table)('%s → %s', async (command, expected) => {
    expect(await decide(command)).toBe(expected);
  });

  it('denies a write into the human\'s own checkout, where no hook would blame the agent', async () => {
    expect(await decide(`echo hi > ${join(main(), 'src/orders/a.ts')}`)).toBe('deny');
    expect(await decide(`cp src/orders/a.ts ${main()}/src/orders/a.ts`)).toBe('deny');
  });

  it("denies git that changes the human's checkout from afar (cd, -C), and reads a cd's folder for later writes", async () => {
    expect(await decide(`cd ${main()} && git add -A && git commit -m sneaky`)).toBe('deny');
    expect(await decide(`git -C ${main()} commit -am sneaky`)).toBe('deny');
    expect(await decide(`git -C ../.. -C ${main()} reset --hard HEAD~1`)).toBe('deny');
    expect(await decide(`git --work-tree=${main()} checkout -- .`)).toBe('deny');
    expect(await decide(`cd ${main()}; echo hi > notes.txt`)).toBe('deny');
    // reading it is fine, and so is git in one's own worktree, wherever it is named from
    expect(await decide(`git -C ${main()} log --oneline -3`)).toBe('allow');
    expect(await decide(`cd ${main()} && git status && git diff`)).toBe('allow');
    expect(await decide(`cd ${wt}/src && git -C .. add -A && git commit -m ok`)).toBe('allow');
    // a relative write after cd is the folder's file
    expect(await decide('cd src/orders && echo hi > new.ts')).toBe('allow');
    expect(await decide('cd web && echo hi > new.ts')).toBe('deny');
    expect(await decide('cd /tmp && echo hi > scratch.txt')).toBe('allow');
    expect(await decide('cd $SOMEWHERE && echo hi > src/orders/x.ts')).toBe('allow'); // unreadable cd: judged where it was
  });

  it('gives a reason the model can act on', async () => {
    const input = JSON.stringify({ cwd: wt, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'sed -i s/a/b/ web/page.ts' } });
    const reason = JSON.parse((await runGuard(input, {})).stdout).hookSpecificOutput.permissionDecisionReason;
    expect(reason).toContain('this command would write web/page.ts (sed -i)');
    expect(reason).toContain('it belongs to agent "web"');
    expect(reason).toContain('Your scope: src/orders/**');
  });
});
