import type { CheckMode } from '../core/policy.js';
import type { ChangeKind, Reason } from '../core/policy.js';
import { shellQuoteIfNeeded } from '../core/shell-quote.js';

/** Every sentence agent-guard shows a person or an agent about a policy check lives here. */


export const reasonLabel: Record<Reason, string> = {
  'out-of-scope': 'out of scope',
  protected: 'protected',
};

export const kindLabel: Record<ChangeKind, string> = {
  added: 'added',
  modified: 'modified',
  deleted: 'deleted',
  'type-changed': 'type changed',
  renamed: 'renamed',
  copied: 'copied',
  unmerged: 'unmerged',
};

export function allowedSummary(agent: string, checked: number, mode: CheckMode): string {
  const what = mode === 'staged' ? 'staged change' : 'change';
  return `agent-guard: ${checked} ${what}${checked === 1 ? '' : 's'} checked for agent "${agent}": all inside its scope.`;
}

export function unrestrictedSummary(): string {
  return 'agent-guard: no agent identity here (a human checkout): changes are not restricted.';
}

export function refusalHeadline(agent: string, count: number, mode: CheckMode): string {
  const where = mode === 'staged' ? 'staged' : 'in these commits';
  return `agent-guard: ${count} change${count === 1 ? '' : 's'} ${where} ${count === 1 ? 'is' : 'are'} not allowed for agent "${agent}".`;
}

export function githubAnnotation(agent: string, reason: Reason, owners: string[]): string {
  if (reason === 'protected') return `Protected file: agent "${agent}" may not change it. Only a human changes it, on the base branch.`;
  const owner = owners.length ? ` It belongs to agent ${owners.map((o) => `"${o}"`).join(', ')}.` : '';
  return `Outside the scope of agent "${agent}".${owner}`;
}

/** The hooks' refusal of a commit or push, from an agent's worktree, onto base or another agent's branch. */
export function foreignBranchRefusal(hook: string, agent: string, wrong: { branch: string; owner: string }, own: string, current: string | null, remote: string): string {
  const whose = wrong.owner === 'base' ? 'the base branch' : `agent "${wrong.owner}"'s branch`;
  const lines =
    hook === 'pre-commit'
      ? [
          `agent-guard: this worktree belongs to agent "${agent}", and it is on "${wrong.branch}", ${whose}. An agent's commits go on its own branch; the merge queue brings them to base.`,
          `Go back to your branch (uncommitted changes come along): git switch ${own}`,
          `This commit was not made (agent-guard pre-commit hook).`,
        ]
      : [
          `agent-guard: this worktree belongs to agent "${agent}", and this push would update "${wrong.branch}", ${whose}. An agent pushes only its own branch; the merge queue brings it to base.`,
          `Push your branch instead: git push ${remote} ${current === own || !current ? 'HEAD' : own}:${own}`,
          `This push was refused; the remote is unchanged (agent-guard pre-push hook).`,
        ];
  return lines.join('\n') + '\n';
}

export interface NextStepInput {
  agent: string;
  mode: CheckMode;
  paths: string[];
  anyProtected: boolean;
  anyOutOfScope: boolean;
  base: string;
}

/** Past this many paths, the history step says PATHS instead of naming each (a refusal may list 20,000). */
export const NAMED_PATHS = 20;

export function nextSteps({ agent, mode, paths, anyProtected, anyOutOfScope, base }: NextStepInput): string[] {
  const steps: string[] = [];
  if (mode === 'staged') {
    steps.push(`Unstage them and leave those files alone: git reset -q -- ${paths.map(shellQuoteIfNeeded).join(' ')}`);
  } else {
    // An agent has no editor for `rebase -i`: the second way runs without one, and the Bash guard allows it.
    const named = paths.length > 0 && paths.length <= NAMED_PATHS ? paths.map(shellQuoteIfNeeded).join(' ') : 'PATHS (each path above, and where it was renamed from)';
    steps.push(
      `Take these changes out of the branch's history (a later commit that undoes them is not enough): ` +
        `git rebase -i $(git merge-base ${base} HEAD), then drop or edit the commits listed above. ` +
        `Without an editor: git reset --soft $(git merge-base ${base} HEAD) && git restore --source=HEAD --staged --worktree -- ${named}, then commit the rest again.`,
    );
  }
  if (anyOutOfScope) {
    steps.push('If another agent owns a file, leave the change to that agent (or a note for the human to reassign it).');
    steps.push(`If the work really needs these files, ask the human to widen the scope: agent-guard spawn ${agent} --scope 'GLOB'`);
  }
  if (anyProtected) {
    steps.push('Protected files (the agent-guard config, manifests, and the "protected" globs) are changed only by a human, on the base branch.');
  }
  return steps;
}


export function definitionReplacedNote(path: string): string {
  return `${path}: agent-guard's block between its markers was regenerated (text inside the markers is agent-guard's; an edit there is replaced: write yours above or below them)`;
}

export function initSummaryLine(verb: 'create' | 'update' | 'unchanged', path: string, dryRun: boolean): string {
  const shown = dryRun && verb !== 'unchanged' ? `would ${verb}` : verb;
  return `  ${shown.padEnd(12)} ${path}`;
}

export interface InitNextStepsFacts {
  createdConfig: boolean;
  hasPackageJson: boolean;
  agents: string[];
  pnpm: boolean;
  /** The hook manager that runs agent-guard's check, and whether its hooks are installed here already. */
  manager?: { install: string; config: string; installed: boolean } | null;
  /** false in git mode: no .husky scripts to commit. */
  husky?: boolean;
}

export function initNextSteps({ createdConfig, hasPackageJson, agents, pnpm, manager, husky = true }: InitNextStepsFacts): string[] {
  const steps = ['agent-guard is set up. Next:'];
  if (createdConfig || agents.length === 0) {
    steps.push("  1. Declare each agent's scope in the config (see the README's Config section), e.g.:");
    steps.push('       "agents": { "orders": { "scope": ["src/orders/**", "test/orders/**"] } }');
  }
  if (manager) {
    const { install, config } = manager;
    steps.push(`  2. Commit the config, ${config} and CLAUDE.md on the base branch: the committed config is the one that binds agents.`);
    steps.push(
      manager.installed
        ? `  3. Each clone installs the hooks as before (\`${install}\`) and runs \`agent-guard init\` once (it records where agent-guard is).`
        : `  3. Run \`${install}\` here (git runs agent-guard's check through it), and in each clone with \`agent-guard init\` once.`,
    );
    return steps;
  }
  steps.push(`  2. Commit the config, ${husky ? 'the .husky hooks ' : ''}and CLAUDE.md on the base branch: the committed config is the one that binds agents.`);
  steps.push(
    husky && hasPackageJson
      ? '  3. Other clones get the hooks from `npm install` (the "prepare": "husky" script).'
      : '  3. Other clones run `agent-guard init` once (no package.json, so no install step sets up hooks).',
  );
  if (pnpm) steps.push('  4. pnpm does not expose husky through agent-guard: run `pnpm add -D husky` so "prepare" works in fresh clones.');
  return steps;
}

export function guardEditDenied(agent: string, path: string, reason: Reason, scope: string[], owners: string[], firstOwner: string | null = null): string {
  const why =
    firstOwner !== null
      ? `${path} is a new file that the scope of agent "${firstOwner}" holds too, and "${firstOwner}" started first: it is theirs.`
      : reason === 'protected'
      ? `${path} is protected: no agent may change it (the agent-guard config, manifests, hooks and the "protected" globs are changed only by a human).`
      : `${path} is outside the scope of agent "${agent}"${owners.length ? `; it belongs to agent ${owners.map((o) => `"${o}"`).join(', ')}` : ''}.`;
  return (
    `agent-guard: ${why} Your scope: ${scope.join(', ') || '(empty)'}. ` +
    'Do not change this file and do not work around this check. Keep your change inside your scope; ' +
    'if your task really needs this file, stop and leave a note for the human saying which file and why, so they can reassign it or widen your scope.'
  );
}

export function guardUndeclaredSubagent(agentType: string): string {
  return (
    `agent-guard: the sub-agent type "${agentType}" is no agent declared in the config, and the config says agentTypes: "strict", so it may not change files here. ` +
    'Stop and leave a note for the human: they declare an agent for it (or map it with claudeAgent), with its scope.'
  );
}

export function guardOutsideRepo(agent: string, path: string): string {
  return `agent-guard: ${path} is outside this repository, so it is outside every scope; agent "${agent}" may only change files inside its worktree's scope.`;
}

export function guardBypassDenied(why: string): string {
  return (
    `agent-guard: this command is not allowed for an agent: ${why}. ` +
    'The pre-commit and pre-push hooks and CI check every change anyway, so skipping them gains nothing; ' +
    'keep your change inside your scope, and leave a note for the human if a check seems wrong.'
  );
}

export function guardShellWriteDenied(agent: string, path: string, how: string, reason: Reason, scope: string[], owners: string[], firstOwner: string | null = null): string {
  return `${guardEditDenied(agent, path, reason, scope, owners, firstOwner).replace('agent-guard: ', `agent-guard: this command would write ${path} (${how}). `)}`;
}

export function guardOtherCheckout(agent: string, path: string, how: string): string {
  return (
    `agent-guard: this command would write ${path} (${how}), inside another checkout of this repository (the human's or another agent's), ` +
    `where no hook would blame agent "${agent}". Work only inside your own worktree; scratch files belong in /tmp.`
  );
}

export function guardBranchDenied(branch: string, how: string, whose: string, own: string): string {
  return (
    `agent-guard: this command (${how}) would move, delete or check out here ${whose} branch ${branch}. Agents never move the base branch or another agent's branch, nor work on them: ` +
    `the human merges finished work with \`agent-guard merge\`. Stay on your own branch (${own}) and commit there; if you need another agent's work, ask the human to sequence you after it.`
  );
}

export function postBashReport(agent: string, strays: { path: string; reason: Reason }[], undo: string, scope: string[]): string {
  const list = strays.slice(0, 20).map((s) => `${displayPathPlain(s.path)} (${s.reason === 'protected' ? 'protected' : 'out of scope'})`);
  return (
    `agent-guard: that command changed ${strays.length === 1 ? 'a file' : `${strays.length} files`} outside the scope of agent "${agent}": ${list.join(', ')}${strays.length > 20 ? ` and ${strays.length - 20} more` : ''}. ` +
    `Your scope: ${scope.join(', ') || '(empty)'}. Undo it now: ${undo} — the commit hooks will refuse these changes anyway. ` +
    'If your task really needs these files, stop and leave a note for the human.'
  );
}

function displayPathPlain(path: string): string {
  return /[\u0000-\u001f\u007f"\\]/.test(path) ? JSON.stringify(path) : path;
}
