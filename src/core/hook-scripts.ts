import { shellCasePatterns } from './branches.js';
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
  /** The sh function that tells whether a .husky script has lines of the project's own. */
  ownLines: string;
  hookBlock: string;
  linkedHook: string;
  /** The pre-commit hook's pipeline: git's diff of the index into agent-guard's hook entry. */
  stagedDiff: string;
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

/** The hook `HOOK` of every linked worktree (in the common git dir). */
export function renderLinkedHook(templates: HookTemplates, hook: string, branches: readonly string[], places: HookPlaces): string {
  return renderTemplate(templates.linkedHook, {
    HOOK: hook,
    AGENT_CHECK: renderAgentCheck(templates.agentCheck, branches),
    OWN_LINES: inlined(templates.ownLines),
    MAIN_ENTRY: places.mainEntry,
    ENTRY: places.entry,
    NODE: places.node,
    STAGED_DIFF: inlined(templates.stagedDiff),
  });
}
