import { resolve } from 'node:path';
import { appendEvent } from '../events/log.js';
import { repoInfo } from '../git/repo.js';
import { guardEditDenied, guardOutsideRepo } from '../render/messages.js';
import { agentPolicy } from './agent-policy.js';
import { judgeBash } from './bash.js';
import { postBash } from './post.js';
import { realPath, repoRelative } from './paths.js';
import { allowAnswer, denyAnswer, readToolCall, refuseAnswer, reportAnswer, type Client, type GuardAnswer, type ToolCall } from './clients.js';

export type GuardResult = GuardAnswer;

/**
 * The before-tool hook of every client (Claude Code's PreToolUse by default). The client's payload is
 * read into one question — which files would this call write, which command would it run, from
 * which folder — judged by the one policy, and answered in the client's own deny form (clients.ts).
 * For Claude Code a denial is the documented structured form, which holds in every permission mode.
 * Input it cannot read is refused with the client's blocking answer, since any other failure would
 * let the tool call through. `gitStatus`: the worktree's `git status` as the PostToolUse command's
 * pipeline handed it over (hooks/post-bash.sh), null when it cannot tell.
 */
export async function runGuard(stdinText: string, env: Record<string, string | undefined>, registeredFor?: string, gitStatus?: () => string | null, client: Client = 'claude'): Promise<GuardResult> {
  let payload: unknown;
  try {
    payload = JSON.parse(stdinText);
  } catch (err) {
    payload = (err as Error).message;
  }
  const call = readToolCall(client, payload, registeredFor);
  if (call === null) {
    const why = typeof payload === 'string' ? payload : 'not an object';
    if (registeredFor === 'post') return { exitCode: 0, stdout: '', stderr: `agent-guard guard: the PostToolUse input is not a JSON object (${why}); nothing to check.\n` };
    return refuseAnswer(client, `the hook input is not a JSON object (${why}); agent-guard cannot tell whether this tool call is allowed. Check that the hook command is \`agent-guard guard\`.`);
  }
  const cwd = call.cwd ?? env.CLAUDE_PROJECT_DIR ?? process.cwd();
  if (call.when === 'post') return runPostToolUse(call, cwd, client, env, gitStatus);
  if (call.command !== null) {
    const decision = await judgeBash(call.command, cwd, env);
    return decision.allow ? allowAnswer() : denyAnswer(client, decision.reason);
  }
  if (call.unreadable) return refuseAnswer(client, `${call.unreadable}; agent-guard cannot check it.`);
  if (call.files.length === 0) return allowAnswer();

  let repo;
  try {
    repo = await repoInfo(cwd);
  } catch {
    return allowAnswer(); // not in a git work tree: nothing of agent-guard's to guard
  }
  const at = await agentPolicy(repo, env);
  if (at === null) return allowAnswer();
  const { agent, config } = at;
  for (const raw of call.files) {
    const path = repoRelative(realPath(repo.root), realPath(resolve(cwd, raw)));
    if (path === null) {
      appendEvent(repo.gitDir, { source: 'guard', kind: 'outside-repo', paths: [raw] });
      return denyAnswer(client, guardOutsideRepo(agent, raw));
    }
    const reason = at.policy.reasonAgainst(path);
    if (!reason) continue;
    appendEvent(repo.gitDir, { source: 'guard', kind: reason, paths: [path] });
    return denyAnswer(client, guardEditDenied(agent, path, reason, config.agents[agent]!.scope, at.owners(path)));
  }
  return allowAnswer();
}

/** PostToolUse: a report on what a shell command did, never a gate (the command already ran). */
async function runPostToolUse(call: ToolCall, cwd: string, client: Client, env: Record<string, string | undefined>, gitStatus?: () => string | null): Promise<GuardResult> {
  if (call.unreadable) return { exitCode: 0, stdout: '', stderr: `agent-guard guard: ${call.unreadable}; nothing to check.\n` };
  if (call.command === null) return allowAnswer();
  let report: string | null;
  try {
    report = await postBash(cwd, call.command, env, gitStatus);
  } catch (err) {
    return { exitCode: 0, stdout: '', stderr: `agent-guard guard: could not check the worktree after this command (${(err as Error).message.replace(/^agent-guard: /, '')}).\n` };
  }
  // Claude Code hands `reason` to the model with the tool result (verified with the real CLI).
  return report === null ? allowAnswer() : reportAnswer(client, report);
}

