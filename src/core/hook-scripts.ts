import { shellCasePatterns } from './branches.js';
import { shellQuote } from './shell-quote.js';
import { inlined, renderTemplate } from './template.js';

/**
 * The hooks' plain-sh test "is an agent at work here?" (AGENT_GUARD_AGENT, a manifest, a branch that
 * fits one of `branches`), filled in for this config: the same lines go into the husky block and into
 * the linked worktrees' hooks.
 */
export function renderAgentCheck(template: string, branches: readonly string[]): string {
  // A case pattern that can never match keeps the script valid when no pattern names a branch.
  const cases = shellCasePatterns(branches) || "'ref: refs/heads/ '";
  return inlined(renderTemplate(template, { BRANCHES: branches.join(' '), BRANCH_CASES: cases }));
}

export interface HookTemplates {
  agentCheck: string;
  /** Where the husky scripts find node and agent-guard (this worktree's, the main one's, the recorded one). */
  findEntry: string;
  /** The sh functions that run the hooks that ran before agent-guard's (.husky scripts, a hooks folder). */
  chain: string;
  hookBlock: string;
  linkedHook: string;
  worktreeHook: string;
  /** The pre-commit hook's pipeline: git's diff of the index into agent-guard's hook entry. */
  stagedDiff: string;
  /** The pushed ref, as the pre-commit framework names it in its environment. */
  preCommitPushInput: string;
}

/**
 * What ran before agent-guard, run after its check: the project's .husky scripts (husky in charge),
 * and the hooks folders git used before (absolute paths, or relative to the worktree as git takes
 * a relative core.hooksPath).
 */
export interface HookChain {
  husky: boolean;
  folders: string[];
}

/** Today's chain where no record says otherwise: husky's scripts only. */
export const HUSKY_CHAIN: HookChain = { husky: true, folders: [] };

/**
 * The chain's lines. The common git dir's own hooks folder is found from the script's own path
 * (`commonFromSelf`, a sh expansion of $0), not written in: a repository moved elsewhere keeps
 * running them.
 */
function chainLines(chain: HookChain, hook: string, commonHooks?: { folder: string; commonFromSelf: string }): { lines: string; names: string } {
  const lines: string[] = [];
  const names: string[] = [];
  if (chain.husky) {
    lines.push(`ag_husky .husky/${hook} "$@" || exit $?`);
    names.push(`.husky/${hook}`);
  }
  for (const folder of chain.folders) {
    const file = `${folder.replace(/\/+$/, '')}/${hook}`;
    const own = commonHooks && folder.replace(/\/+$/, '') === commonHooks.folder.replace(/\/+$/, '');
    lines.push(`ag_previous ${own ? `"${commonHooks.commonFromSelf}/hooks/${hook}"` : shellQuote(file)} "$@" || exit $?`);
    names.push(own ? `.git/hooks/${hook}` : file);
  }
  return { lines: lines.join('\n') || ':', names: names.join(', then ') || 'none' };
}

/** The agent-guard block of `.husky/HOOK`. */
export function renderHuskyBlock(templates: HookTemplates, hook: string, branches: readonly string[]): string {
  return renderTemplate(templates.hookBlock, {
    HOOK: hook,
    AGENT_CHECK: renderAgentCheck(templates.agentCheck, branches),
    FIND_ENTRY: findEntry(templates),
    STAGED_DIFF: inlined(templates.stagedDiff),
  });
}

/** The agent-guard block of `.husky/post-checkout` (it sets up linked worktrees' hooks in a clone that lacks them). */
export function renderPostCheckoutBlock(templates: HookTemplates & { postCheckout: string }): string {
  return renderTemplate(templates.postCheckout, { FIND_ENTRY: findEntry(templates) });
}

const findEntry = (templates: HookTemplates) => inlined(templates.findEntry);

/** Where the linked worktrees' hook finds node and agent-guard (sh-quoted paths). */
export interface HookPlaces {
  mainEntry: string;
  entry: string;
  node: string;
}

export interface DispatcherOptions {
  chain: HookChain;
  /** The common git dir's hooks folder, as the chain names it. */
  commonHooks?: string;
  /** The hook manager that calls this hook (its name in sentences), or null: git does. */
  calledBy: { mode: 'pre-commit' | 'lefthook' | 'simple-git-hooks'; name: string } | null;
}

/** The hook `HOOK` of the main and every linked worktree (in the common git dir). */
export function renderLinkedHook(templates: HookTemplates, hook: string, branches: readonly string[], places: HookPlaces, options: DispatcherOptions): string {
  // Called by a hook manager, it is part of the chain itself: nothing to run after it. A spawned
  // worktree's own hook has run agent-guard before the manager's hook called this one.
  const own = options.commonHooks ? { folder: options.commonHooks, commonFromSelf: '${0%/agent-guard/linked-hooks/*}' } : undefined;
  const { lines, names } = options.calledBy ? { lines: ':', names: `none: ${options.calledBy.name} runs this hook as one of its own` } : chainLines(options.chain, hook, own);
  const check = renderAgentCheck(templates.agentCheck, branches);
  return renderTemplate(templates.linkedHook, {
    HOOK: hook,
    AGENT_CHECK: options.calledBy ? `if [ -z "\${AGENT_GUARD_TRUSTED_HOOK:-}" ]; then\n${check}\nfi` : check,
    CHAIN_FUNCTIONS: renderTemplate(inlined(templates.chain), { HOOK: hook }),
    CHAIN: lines,
    CHAIN_NAMES: names,
    PUSH_INPUT: options.calledBy?.mode === 'pre-commit' ? inlined(templates.preCommitPushInput) : ':',
    MAIN_ENTRY: places.mainEntry,
    ENTRY: places.entry,
    NODE: places.node,
    STAGED_DIFF: inlined(templates.stagedDiff),
  });
}

/** The hook `HOOK` of a spawned agent's worktree (in its private git dir). */
export function renderWorktreeHook(templates: HookTemplates, hook: string, agent: string, places: Omit<HookPlaces, 'mainEntry'>, chain: HookChain, commonHooks?: string): string {
  const { lines, names } = chainLines(chain, hook, commonHooks ? { folder: commonHooks, commonFromSelf: '${0%/worktrees/*}' } : undefined);
  return renderTemplate(templates.worktreeHook, {
    HOOK: hook,
    AGENT: agent,
    NODE: places.node,
    ENTRY: places.entry,
    CHAIN_FUNCTIONS: renderTemplate(inlined(templates.chain), { HOOK: hook }),
    CHAIN: lines,
    CHAIN_NAMES: names,
    STAGED_DIFF: inlined(templates.stagedDiff),
  });
}
