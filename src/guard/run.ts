import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendEvent } from '../events/log.js';
import { CLIENT_TABLE } from '../clients/table.js';
import { findGitDir, repoInfo, type RepoInfo } from '../git/repo.js';
import { guardEditDenied, guardOutsideRepo, guardUndeclaredSubagent } from '../render/messages.js';
import { budgetRefusal } from './budget-stop.js';
import { attentionPath } from '../status/attention.js';
import { noteSession } from '../status/sessions.js';
import { agentPolicy, declaredSubagent, firstOwner } from './agent-policy.js';
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
  // an agent worktree's git dir, from the file system (no git process): a linked worktree's `.git` is a file
  const found = findGitDir(cwd);
  const gitDir = found && found.gitDir !== join(found.root, '.git') ? found.gitDir : null;
  if (gitDir) {
    // a tool call: whatever the agent waited for was answered
    rmSync(attentionPath(gitDir), { force: true });
    // Claude Code's sessions are noted by its SessionStart hook; the others' by their calls
    const transcript = call.transcript ?? (call.sessionId && CLIENT_TABLE[client].sessionRecord?.(call.sessionId, env));
    if (transcript && client !== 'claude') noteSession(gitDir, transcript, client);
    const spent = await budgetRefusal(gitDir);
    if (spent) return denyAnswer(client, spent);
  }
  // A Claude Code sub-agent (agent_id is there only inside one) is also judged as the agent its type
  // declares: a call must pass both, so a sub-agent's definition (a file in the checkout) never widens.
  const sub = call.inSubagent && call.agentType ? await subagentEnv(call.agentType, cwd, env) : { env: null, denial: null };
  if (sub.denial) return denyAnswer(client, sub.denial);
  const identities = sub.env ? [env, sub.env] : [env];
  if (call.command !== null) {
    // the shell judge (a third of the guard's code) loads only for shell calls
    const { judgeBash } = await import('./bash.js');
    for (const asWhom of identities) {
      const decision = await judgeBash(call.command, cwd, asWhom);
      if (!decision.allow) return denyAnswer(client, decision.reason);
    }
    return allowAnswer();
  }
  if (call.unreadable) return refuseAnswer(client, `${call.unreadable}; agent-guard cannot check it.`);
  if (call.files.length === 0) return allowAnswer();

  let repo: RepoInfo;
  try {
    repo = await repoInfo(cwd);
  } catch {
    return allowAnswer(); // not in a git work tree: nothing of agent-guard's to guard
  }
  for (const asWhom of identities) {
    const at = await agentPolicy(repo, asWhom);
    if (at === null) continue;
    const { agent, config } = at;
    const subagent = asWhom === env ? {} : { subagent: call.agentType! };
    for (const raw of call.files) {
      const path = repoRelative(realPath(repo.root), realPath(resolve(cwd, raw)));
      if (path === null) {
        appendEvent(repo.gitDir, { source: 'guard', kind: 'outside-repo', paths: [raw], ...subagent });
        return denyAnswer(client, guardOutsideRepo(agent, raw));
      }
      const isNew = !existsSync(resolve(cwd, raw));
      const reason = at.policy.reasonAgainst(path, isNew);
      if (!reason) continue;
      appendEvent(repo.gitDir, { source: 'guard', kind: reason, paths: [path], ...subagent });
      return denyAnswer(client, guardEditDenied(agent, path, reason, config.agents[agent]!.scope, at.owners(path), firstOwner(at, path, isNew)));
    }
  }
  return allowAnswer();
}

/** The environment that names the declared agent a sub-agent's type maps to; a denial where the config is strict and none does. */
async function subagentEnv(agentType: string, cwd: string, env: Record<string, string | undefined>): Promise<{ env: Record<string, string | undefined> | null; denial: string | null }> {
  const repo = await repoInfo(cwd).catch(() => null);
  if (repo === null) return { env: null, denial: null };
  const rule = await declaredSubagent(repo, agentType);
  if ('agent' in rule) return { env: { ...env, AGENT_GUARD_AGENT: rule.agent }, denial: null };
  return { env: null, denial: 'deny' in rule ? guardUndeclaredSubagent(agentType) : null };
}

/** PostToolUse: a report on what a shell command did, never a gate (the command already ran). */
async function runPostToolUse(call: ToolCall, cwd: string, client: Client, env: Record<string, string | undefined>, gitStatus?: () => string | null): Promise<GuardResult> {
  if (call.unreadable) return { exitCode: 0, stdout: '', stderr: `agent-guard guard: ${call.unreadable}; nothing to check.\n` };
  if (call.command === null) return allowAnswer();
  let report: string | null;
  try {
    report = await (await import('./post.js')).postBash(cwd, call.command, env, gitStatus);
  } catch (err) {
    return { exitCode: 0, stdout: '', stderr: `agent-guard guard: could not check the worktree after this command (${(err as Error).message.replace(/^agent-guard: /, '')}).\n` };
  }
  // Claude Code hands `reason` to the model with the tool result (verified with the real CLI).
  return report === null ? allowAnswer() : reportAnswer(client, report);
}

