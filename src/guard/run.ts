import { resolve } from 'node:path';
import { appendEvent } from '../events/log.js';
import { repoInfo } from '../git/repo.js';
import { guardEditDenied, guardOutsideRepo } from '../render/messages.js';
import { agentPolicy } from './agent-policy.js';
import { judgeBash } from './bash.js';
import { postBash } from './post.js';
import { realPath, repoRelative } from './paths.js';

/** The tools whose call writes a file, and where each names it (Claude Code's PreToolUse input). */
const EDIT_TOOLS: Record<string, string[]> = {
  Edit: ['file_path'],
  Write: ['file_path'],
  MultiEdit: ['file_path'],
  NotebookEdit: ['notebook_path', 'file_path'],
};

export interface GuardResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface HookInput {
  tool_name?: unknown;
  tool_input?: Record<string, unknown>;
  cwd?: unknown;
}

/**
 * Claude Code PreToolUse hook. A denial is the documented structured form — exit 0 with
 * `hookSpecificOutput.permissionDecision: "deny"` and a reason shown to the model — which holds in
 * every permission mode, bypassPermissions included (code.claude.com/docs/en/hooks, "PreToolUse
 * decision control"). Input it cannot read is refused with exit 2, the blocking exit code, since
 * any other failure would let the tool call through. `gitStatus`: the worktree's `git status` as the
 * PostToolUse command's pipeline handed it over (hooks/post-bash.sh), null when it cannot tell.
 */
export async function runGuard(stdinText: string, env: Record<string, string | undefined>, registeredFor?: string, gitStatus?: () => string | null): Promise<GuardResult> {
  let input: HookInput;
  try {
    input = JSON.parse(stdinText) as HookInput;
    if (typeof input !== 'object' || input === null) throw new Error('not an object');
  } catch (err) {
    if (registeredFor === 'post') return { exitCode: 0, stdout: '', stderr: `agent-guard guard: the PostToolUse input is not a JSON object (${(err as Error).message}); nothing to check.\n` };
    return refuse(`the hook input is not a JSON object (${(err as Error).message}); agent-guard cannot tell whether this tool call is allowed. Check that the PreToolUse hook command is \`agent-guard guard\`.`);
  }
  const tool = typeof input.tool_name === 'string' ? input.tool_name : '';
  if ((input as { hook_event_name?: unknown }).hook_event_name === 'PostToolUse') return runPostToolUse(input, tool, env, gitStatus);
  const toolInput = typeof input.tool_input === 'object' && input.tool_input !== null ? input.tool_input : {};

  const cwd = cwdOf(input, env);
  if (tool === 'Bash') {
    if (typeof toolInput.command !== 'string') return allow();
    const decision = await judgeBash(toolInput.command, cwd, env);
    return decision.allow ? allow() : deny(decision.reason);
  }
  const fields = EDIT_TOOLS[tool];
  if (!fields) return allow();
  const raw = fields.map((f) => toolInput[f]).find((v): v is string => typeof v === 'string' && v !== '');
  if (!raw) return refuse(`the ${tool} call names no file (${fields.join(' or ')}); agent-guard cannot check it.`);

  let repo;
  try {
    repo = await repoInfo(cwd);
  } catch {
    return allow(); // not in a git work tree: nothing of agent-guard's to guard
  }
  const at = await agentPolicy(repo, env);
  if (at === null) return allow();
  const { agent, config } = at;

  const path = repoRelative(realPath(repo.root), realPath(resolve(cwd, raw)));
  if (path === null) {
    appendEvent(repo.gitDir, { source: 'guard', kind: 'outside-repo', paths: [raw] });
    return deny(guardOutsideRepo(agent, raw));
  }
  const reason = at.policy.reasonAgainst(path);
  if (!reason) return allow();
  appendEvent(repo.gitDir, { source: 'guard', kind: reason, paths: [path] });
  return deny(guardEditDenied(agent, path, reason, config.agents[agent]!.scope, at.owners(path)));
}

/** PostToolUse: a report on what a Bash command did, never a gate (the command already ran). */
async function runPostToolUse(input: HookInput, tool: string, env: Record<string, string | undefined>, gitStatus?: () => string | null): Promise<GuardResult> {
  if (typeof input.tool_input !== 'object' || input.tool_input === null) {
    return { exitCode: 0, stdout: '', stderr: 'agent-guard guard: the PostToolUse input has no tool_input; nothing to check.\n' };
  }
  if (tool !== 'Bash') return allow();
  const cwd = cwdOf(input, env);
  const command = typeof input.tool_input.command === 'string' ? input.tool_input.command : null;
  let report: string | null;
  try {
    report = await postBash(cwd, command, env, gitStatus);
  } catch (err) {
    return { exitCode: 0, stdout: '', stderr: `agent-guard guard: could not check the worktree after this command (${(err as Error).message.replace(/^agent-guard: /, '')}).\n` };
  }
  if (report === null) return allow();
  // Claude Code hands `reason` to the model with the tool result (verified with the real CLI).
  const output = { decision: 'block', reason: report };
  return { exitCode: 0, stdout: JSON.stringify(output) + '\n', stderr: '' };
}

/** Where the tool call runs: its `cwd`, else the project Claude Code names, else here. */
function cwdOf(input: HookInput, env: Record<string, string | undefined>): string {
  return typeof input.cwd === 'string' && input.cwd ? input.cwd : (env.CLAUDE_PROJECT_DIR ?? process.cwd());
}

const allow = (): GuardResult => ({ exitCode: 0, stdout: '', stderr: '' });

function deny(reason: string): GuardResult {
  const output = { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } };
  return { exitCode: 0, stdout: JSON.stringify(output) + '\n', stderr: '' };
}

function refuse(why: string): GuardResult {
  return { exitCode: 2, stdout: '', stderr: `agent-guard guard: ${why}\n` };
}
