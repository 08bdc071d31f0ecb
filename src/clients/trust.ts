import { createHash } from 'node:crypto';

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
export function codexHookHash(event: 'pre_tool_use' | 'post_tool_use', matcher: string, command: string): string {
  const identity = { event_name: event, matcher, hooks: [{ type: 'command', command, timeout: 600, async: false }] };
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical(identity))).digest('hex')}`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}
