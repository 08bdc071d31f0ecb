import { createHash } from 'node:crypto';
import type * as SmolToml from 'smol-toml';
import { UsageError } from '../core/errors.js';
import { requireLazily } from '../io/lazy-require.js';

/**
 * The trust a client must give a project's hooks before it runs them in a headless start, written
 * the way the client itself records it when a person approves (pure text edits).
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

export interface CodexTrust {
  projects: string[];
  hooks: { key: string; hash: string }[];
}

/**
 * Codex's config.toml with these projects trusted and these hooks' hashes recorded. Tables that are
 * missing are appended (the user's text, comments included, stays byte for byte); a recorded hash
 * that differs is replaced in place. Null when nothing changes.
 */
export function withCodexTrust(existing: string | null, trust: CodexTrust, shownAs: string): string | null {
  const text = existing ?? '';
  // loaded here, for Codex only (~8 ms): spawn, adopt, init and doctor of other clients never need it
  const { parse, TomlError } = requireLazily('smol-toml') as typeof SmolToml;
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    const line = err instanceof TomlError ? ` line ${err.line}` : '';
    throw new UsageError(`agent-guard: ${shownAs}${line} is not valid TOML, so Codex's trust in agent-guard's hooks cannot be recorded there; fix it and run again.`);
  }
  const projects = (doc.projects ?? {}) as Record<string, { trust_level?: unknown }>;
  const states = ((doc.hooks as Record<string, unknown> | undefined)?.state ?? {}) as Record<string, { trusted_hash?: unknown }>;
  let out = text;
  const append: string[] = [];
  for (const project of trust.projects) {
    const current = projects[project];
    if (current === undefined) append.push(`[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`);
    else if (current.trust_level !== 'trusted') out = replaceInTable(out, `projects.${JSON.stringify(project)}`, 'trust_level', '"trusted"', shownAs);
  }
  for (const { key, hash } of trust.hooks) {
    const current = states[key];
    if (current === undefined) append.push(`[hooks.state.${JSON.stringify(key)}]\ntrusted_hash = ${JSON.stringify(hash)}\n`);
    else if (current.trusted_hash !== hash) out = replaceInTable(out, `hooks.state.${JSON.stringify(key)}`, 'trusted_hash', JSON.stringify(hash), shownAs);
  }
  if (append.length) out = `${out}${out === '' || out.endsWith('\n\n') ? '' : out.endsWith('\n') ? '\n' : '\n\n'}${append.join('\n')}`;
  return out === text ? null : out;
}

/** Sets `name = value` inside the table whose header is `[header]` (added at its end when absent). */
function replaceInTable(text: string, header: string, name: string, value: string, shownAs: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `[${header}]`);
  if (start < 0) throw new UsageError(`agent-guard: ${shownAs} sets ${header} in a form agent-guard does not edit; set ${name} = ${value} there by hand and run again.`);
  let end = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
  if (end < 0) end = lines.length;
  const at = lines.findIndex((l, i) => i > start && i < end && new RegExp(`^\\s*${name}\\s*=`).test(l));
  if (at >= 0) lines[at] = `${name} = ${value}`;
  else lines.splice(start + 1, 0, `${name} = ${value}`);
  return lines.join('\n');
}

/** Gemini CLI's trustedFolders.json with `folder` trusted (`TRUST_FOLDER`); null when it is already. */
export function withGeminiTrust(existing: string | null, folder: string, shownAs: string): string | null {
  const folders = jsonObject(existing, shownAs, "Gemini CLI's");
  if (folders[folder] === 'TRUST_FOLDER') return null;
  return JSON.stringify({ ...folders, [folder]: 'TRUST_FOLDER' }, null, 2) + '\n';
}

/** Copilot CLI's config.json with `folder` among its `trustedFolders`; null when it is already. */
export function withCopilotTrust(existing: string | null, folder: string, shownAs: string): string | null {
  const config = jsonObject(existing, shownAs, "Copilot CLI's");
  const trusted = Array.isArray(config.trustedFolders) ? (config.trustedFolders as unknown[]) : [];
  if (trusted.includes(folder)) return null;
  return JSON.stringify({ ...config, trustedFolders: [...trusted, folder] }, null, 2) + '\n';
}

function jsonObject(existing: string | null, shownAs: string, whose: string): Record<string, unknown> {
  if (existing === null || existing.trim() === '') return {};
  try {
    const parsed = JSON.parse(existing) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new UsageError(`agent-guard: ${shownAs} is not a JSON object, so ${whose} trust in the worktree cannot be recorded there; fix it and run again.`);
}
