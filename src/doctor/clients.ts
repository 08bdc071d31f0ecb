import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readManifest } from '../config/manifest-store.js';
import type { Client } from '../core/clients.js';
import { readIfExists } from '../io/files.js';
import { CLIENT_HOOK_FILES, CLIENT_TABLE, IN_MAIN_CHECKOUT } from '../clients/table.js';
import type { Finding } from './diagnose.js';
import { atLeast, type ClientVersion } from '../clients/versions.js';

export interface ClientWiring {
  client: Client;
  agent: string;
  worktree: string;
  /** The hook file holds agent-guard's guard command for this client. */
  wired: boolean;
  /** The client's trust in the worktree and the hook, where it asks for one (null: it does not). */
  trusted: boolean | null;
}

/** doctor's lines for the clients: each spawned worktree's wiring and trust, each client's version. */
export function clientFindings(wirings: ClientWiring[], versions: ClientVersion[]): Finding[] {
  const findings: Finding[] = [];
  for (const w of wirings) {
    if (!w.wired) findings.push({ ok: false, what: `${w.client}: agent "${w.agent}"'s worktree does not run agent-guard's guard (${w.worktree})`, fix: `run \`agent-guard spawn ${w.agent} --client ${w.client}\`` });
    else if (w.trusted === false) findings.push({ ok: false, what: `${w.client}: agent "${w.agent}"'s worktree or agent-guard's hook is not trusted by ${w.client}, which then skips the hook without a word`, fix: `run \`agent-guard spawn ${w.agent} --client ${w.client}\` (it records the trust)` });
    else findings.push({ ok: true, what: `${w.client}: agent "${w.agent}"'s worktree runs agent-guard before every tool call${w.trusted ? ' (trusted)' : ''}` });
  }
  for (const { client, version } of versions) {
    const min = CLIENT_TABLE[client].minVersion;
    if (version === null || !min) continue;
    findings.push(
      atLeast(version, min)
        ? { ok: true, what: `${client} ${version.trim()} has the hooks agent-guard needs` }
        : { ok: false, what: `${client} ${version.trim()} is older than ${min}, whose hooks can deny a tool call; the commit hooks still hold`, fix: `update ${client} to ${min} or later` },
    );
  }
  return findings;
}

/** Each spawned worktree's wiring for the configured clients and those its spawn added (Claude Code's settings included). */
export async function gatherWirings(commonDir: string, clients: readonly Client[], env: NodeJS.ProcessEnv = process.env): Promise<ClientWiring[]> {
  const main = dirname(commonDir);
  let entries: string[] = [];
  try {
    entries = readdirSync(join(commonDir, 'worktrees'));
  } catch {
    return [];
  }
  const wirings: ClientWiring[] = [];
  for (const entry of entries) {
    const gitDir = join(commonDir, 'worktrees', entry);
    const manifest = readManifest(gitDir);
    const pointer = readIfExists(join(gitDir, 'gitdir'))?.trim();
    if (!manifest || !pointer || !existsSync(pointer)) continue;
    const worktree = dirname(pointer);
    for (const client of new Set([...clients, ...(manifest.clients ?? [])])) {
      const file = client === 'claude' ? join(worktree, '.claude', 'settings.local.json') : join(IN_MAIN_CHECKOUT.has(client) ? main : worktree, CLIENT_HOOK_FILES[client]);
      const text = readIfExists(file) ?? '';
      const plugin = readIfExists(join(gitDir, 'agent-guard', 'opencode-plugin.js')) ?? '';
      const wired = CLIENT_TABLE[client].wired?.({ hookText: text, plugin, worktree }) ?? false;
      const trusted = wired ? ((await CLIENT_TABLE[client].trusted?.({ mainRoot: main, worktree, gitDir, hookText: text, env })) ?? null) : null;
      wirings.push({ client, agent: manifest.agent, worktree, wired, trusted });
    }
  }
  return wirings;
}
