import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '../core/clients.js';
import { shellQuote } from '../core/shell-quote.js';
import { inlined, renderTemplate } from '../core/template.js';
import { GUARD_ENTRY, readTemplates } from '../io/package-files.js';
import { readIfExists } from '../io/files.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { GuardCommands } from './client.js';
import { clientHookFile, SETTINGS_EDITING } from './hook-files.js';
import { CLIENT_HOOK_FILES, CLIENT_TABLE, IN_MAIN_CHECKOUT } from './table.js';
import { attentionPath } from '../status/attention.js';
import { usagePath } from '../status/sessions.js';
import { excludeForAllWorktrees } from '../git/exclude.js';
import { atLeast, gatherVersions } from './versions.js';

/** The guard commands of one client: this node and this agent-guard's guard entry, by absolute path. */
export function clientCommands(client: Client, postBashTemplate: string): GuardCommands {
  const entry = `${shellQuote(GUARD_ENTRY)} --client ${client}`;
  // Claude Code's after-Bash command is spawn's own (postBashCommand)
  const post = client !== 'claude' && CLIENT_TABLE[client].reportsAfterShell ? renderTemplate(inlined(postBashTemplate), { NODE: shellQuote(process.execPath), ENTRY: entry }) : null;
  return { pre: `${shellQuote(process.execPath)} ${entry}`, post };
}

/**
 * Writes each client's hook configuration for the agent's worktree and the trust the client needs to
 * run it in a headless start, and says so in `lines`; `agentEnv` (the agent's ports and names) goes to
 * the clients that take an environment from agent-guard's files. Claude Code's settings are spawn's own.
 */
export async function wireClients(mainRoot: string, worktree: string, gitDir: string, clients: readonly Client[], lines: string[], { env = process.env, agentEnv = {} }: { env?: NodeJS.ProcessEnv; agentEnv?: Record<string, string> } = {}): Promise<void> {
  const templates = readTemplates();
  const excluded: string[] = [];
  for (const client of clients) {
    if (client === 'claude') continue;
    const base = IN_MAIN_CHECKOUT.has(client) ? mainRoot : worktree;
    const path = join(base, CLIENT_HOOK_FILES[client]);
    const commands = { ...clientCommands(client, templates.postBash), attention: `cat > ${shellQuote(attentionPath(gitDir))}`, attentionFile: shellQuote(attentionPath(gitDir)) };
    const plugin = join(gitDir, 'agent-guard', 'opencode-plugin.js');
    const prepared = CLIENT_TABLE[client].prepare?.({ worktree, gitDir, commands, templates, pluginPath: plugin, attentionFile: attentionPath(gitDir), usageFile: usagePath(gitDir), agentEnv, edit: SETTINGS_EDITING }) ?? {};
    for (const folder of prepared.folders ?? []) mkdirSync(folder, { recursive: true });
    for (const file of prepared.files ?? []) {
      writeFileAtomic(file.path, file.text, file.executable ? 0o755 : undefined);
      if (file.ignore) excluded.push(file.ignore);
    }
    const file = clientHookFile(client, readIfExists(path), commands, templates, plugin);
    if (readIfExists(path) !== file.text || file.executable) writeFileAtomic(path, file.text, file.executable ? 0o755 : undefined);
    excluded.push(`/${file.path}`);
    const { title, attention } = CLIENT_TABLE[client];
    lines.push(`${title} runs agent-guard before every tool call there (${IN_MAIN_CHECKOUT.has(client) ? `${path}: ${title} reads a worktree's project hooks from the main checkout` : file.path}).`);
    if (attention) lines.push(attention.waiting ? `  status sees it wait for you (${attention.waiting}) and end its turn (${attention.idle}).` : `  status sees it end its turn (${attention.idle}); it reports no wait for you.`);
    const trusted = (await CLIENT_TABLE[client].addTrust?.({ mainRoot, worktree, gitDir, hookText: file.text, env })) ?? null;
    if (trusted) lines.push(`  ${trusted}`);
  }
  if (excluded.length) await excludeForAllWorktrees(mainRoot, excluded);
  for (const { client, version } of await gatherVersions(clients.filter((c) => c !== 'claude'))) {
    const min = CLIENT_TABLE[client].minVersion;
    if (version !== null && min && !atLeast(version, min)) lines.push(`warning: ${client} ${version.trim()} is older than ${min}, whose hooks can deny a tool call: update it (the commit hooks hold either way).`);
  }
}
