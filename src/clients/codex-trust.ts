import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { commonGitDir } from '../git/fs-refs.js';
import { addTrust, trustFile } from '../home/trust.js';
import { readIfExists } from '../io/files.js';
import type { TrustInput } from './client.js';
import { ATTENTION_MARK, GUARD_MARK } from './marks.js';

/**
 * The hash Codex records when a person approves a project hook (src/home/ writes it).
 *
 * Codex: project hooks load only for a trusted project (`[projects."PATH"] trust_level`), and each
 * hook runs only when `[hooks.state."FILE:EVENT:GROUP:HANDLER"] trusted_hash` equals the hash Codex
 * computes of it — what its /hooks review writes. The hash is sha256 of the canonical JSON (keys
 * sorted, compact) of `{event_name, matcher, hooks: [{type, command, timeout, async}]}` with
 * Codex's defaults filled in (timeout 600 s, async false): checked against `codex app-server`'s
 * `hooks/list` currentHash for 0.169.
 */
export function codexHookHash(event: CodexHookEvent, matcher: string | undefined, command: string): string {
  // an event without a matcher (Stop, PermissionRequest) hashes without the key
  const identity = { event_name: event, matcher, hooks: [{ type: 'command', command, timeout: 600, async: false }] };
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical(identity))).digest('hex')}`;
}

export type CodexHookEvent = 'pre_tool_use' | 'post_tool_use' | 'stop' | 'permission_request';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

/** Codex trusts the main checkout and the worktree as projects, and agent-guard's hooks in the main checkout's .codex/hooks.json. */
export async function addCodexTrust({ mainRoot, worktree, gitDir, hookText, env }: TrustInput): Promise<string> {
  const file = trustFile('codex', env);
  const root = realpathSync(mainRoot);
  const hooks = JSON.parse(hookText) as { hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]> };
  const own = (event: string, label: CodexHookEvent, mark: string) =>
    (hooks.hooks[event] ?? []).flatMap((group, g) => group.hooks.map((h, i) => ({ h, g, i, group }))).filter(({ h }) => h.command.includes(mark))
      .map(({ h, g, i, group }) => ({ kind: 'hook' as const, key: `${join(root, '.codex', 'hooks.json')}:${label}:${g}:${i}`, value: codexHookHash(label, group.matcher, h.command), owner: '' }));
  const projects = [root, realpathSync(worktree)].map((path) => ({ kind: 'project' as const, key: path, value: 'trusted', owner: trustOwner(mainRoot, path) }));
  const guard = [...own('PreToolUse', 'pre_tool_use', GUARD_MARK), ...own('PostToolUse', 'post_tool_use', GUARD_MARK)];
  const attention = [...own('Stop', 'stop', ATTENTION_MARK), ...own('PermissionRequest', 'permission_request', ATTENTION_MARK)];
  await addTrust(commonGitDir(gitDir), 'codex', file, [...projects, ...guard, ...attention]);
  return `Codex trusts the project and agent-guard's hooks (${file}: [projects] and [hooks.state], as Codex's /hooks review records them).`;
}

/** doctor: the main checkout is a trusted project and agent-guard's before-tool hook has its hash. */
export function codexTrusted({ mainRoot, hookText, env }: TrustInput): boolean {
  const config = readIfExists(trustFile('codex', env)) ?? '';
  try {
    const hooks = (JSON.parse(hookText) as { hooks: Record<string, { matcher: string; hooks: { command: string }[] }[]> }).hooks;
    const ours = (hooks.PreToolUse ?? []).find((g) => g.hooks.some((h) => h.command.includes('guard-entry.js')));
    if (!ours) return false;
    const hash = codexHookHash('pre_tool_use', ours.matcher, ours.hooks.find((h) => h.command.includes('guard-entry.js'))!.command);
    return config.includes(hash) && config.includes(JSON.stringify(realpathSync(mainRoot)));
  } catch {
    return false;
  }
}

/** A trust entry of the main checkout belongs to the repository ('': taken out by uninstall); a worktree's to it. */
export const trustOwner = (mainRoot: string, folder: string) => (folder === mainRoot || folder === realpathSync(mainRoot) ? '' : folder);
