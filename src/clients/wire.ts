import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '../core/clients.js';
import { shellQuote } from '../core/shell-quote.js';
import { inlined, renderTemplate } from '../core/template.js';
import { GUARD_ENTRY, readTemplates } from '../io/package-files.js';
import { readIfExists } from '../io/files.js';
import { writeFileAtomic } from '../io/atomic.js';
import { CLIENT_HOOK_FILES, clientHookFile, IN_MAIN_CHECKOUT, opencodePluginText, type GuardCommands } from './hook-files.js';
import { codexHookHash } from './trust.js';
import { commonGitDir } from '../git/fs-refs.js';
import { attentionPath } from '../status/attention.js';
import { addTrust, trustFile } from '../home/trust.js';
import { excludeForAllWorktrees } from '../git/exclude.js';
import { atLeast, gatherVersions, MIN_VERSIONS } from './versions.js';

/** The clients whose hook API has an after-tool event agent-guard reports through (a shell command's strays). */
const POST_CLIENTS: ReadonlySet<Client> = new Set(['codex', 'qwen', 'droid']);

/** The guard commands of one client: this node and this agent-guard's guard entry, by absolute path. */
export function clientCommands(client: Client, postBashTemplate: string): GuardCommands {
  const entry = `${shellQuote(GUARD_ENTRY)} --client ${client}`;
  const post = POST_CLIENTS.has(client) ? renderTemplate(inlined(postBashTemplate), { NODE: shellQuote(process.execPath), ENTRY: entry }) : null;
  return { pre: `${shellQuote(process.execPath)} ${entry}`, post };
}

/**
 * Writes each client's hook configuration for the agent's worktree and the trust the client needs to
 * run it in a headless start, and says so in `lines`. Claude Code's settings are spawn's own.
 */
export async function wireClients(mainRoot: string, worktree: string, gitDir: string, clients: readonly Client[], lines: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const templates = readTemplates();
  const excluded: string[] = [];
  for (const client of clients) {
    if (client === 'claude') continue;
    const base = IN_MAIN_CHECKOUT.has(client) ? mainRoot : worktree;
    const path = join(base, CLIENT_HOOK_FILES[client]);
    const commands = { ...clientCommands(client, templates.postBash), attention: `cat > ${shellQuote(attentionPath(gitDir))}`, attentionFile: shellQuote(attentionPath(gitDir)) };
    const plugin = join(gitDir, 'agent-guard', 'opencode-plugin.js');
    if (client === 'opencode') writeFileAtomic(plugin, opencodePluginText(templates.opencodePlugin, commands, attentionPath(gitDir)));
    const file = clientHookFile(client, readIfExists(path), commands, templates, plugin);
    if (readIfExists(path) !== file.text || file.executable) writeFileAtomic(path, file.text, file.executable ? 0o755 : undefined);
    excluded.push(`/${file.path}`);
    // Codex takes a linked worktree as a project only where it has a .codex folder of its own; the
    // hooks it then loads are the main checkout's.
    if (client === 'codex') mkdirSync(join(worktree, '.codex'), { recursive: true });
    lines.push(`${NAMES[client]} runs agent-guard before every tool call there (${IN_MAIN_CHECKOUT.has(client) ? `${path}: Codex reads a worktree's project hooks from the main checkout` : file.path}).`);
    const trusted = await trust(client, mainRoot, worktree, gitDir, file.text, env);
    if (trusted) lines.push(`  ${trusted}`);
  }
  if (excluded.length) await excludeForAllWorktrees(mainRoot, excluded);
  for (const { client, version } of await gatherVersions(clients.filter((c) => c !== 'claude'))) {
    const min = MIN_VERSIONS[client];
    if (version !== null && min && !atLeast(version, min)) lines.push(`warning: ${client} ${version.trim()} is older than ${min}, whose hooks can deny a tool call: update it (the commit hooks hold either way).`);
  }
}

const NAMES: Record<Client, string> = { claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini CLI', copilot: 'Copilot CLI', opencode: 'OpenCode', qwen: 'Qwen Code', droid: 'Factory Droid', cursor: 'Cursor', cline: 'Cline' };

/** Records the client's trust in the worktree and agent-guard's hook, where the client asks for it; the line that says what was done. */
async function trust(client: Client, mainRoot: string, worktree: string, gitDir: string, hookText: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const commonDir = commonGitDir(gitDir);
  // the main checkout's own entries belong to the repository ('' : taken out by uninstall); a worktree's to it
  const owner = (folder: string) => (folder === mainRoot || folder === realpathSync(mainRoot) ? '' : folder);
  if (client === 'codex') {
    const file = trustFile('codex', env);
    const root = realpathSync(mainRoot);
    const hooks = JSON.parse(hookText) as { hooks: Record<string, { matcher: string; hooks: { command: string }[] }[]> };
    const own = (event: string, label: 'pre_tool_use' | 'post_tool_use') =>
      (hooks.hooks[event] ?? []).flatMap((group, g) => group.hooks.map((h, i) => ({ h, g, i, group }))).filter(({ h }) => h.command.includes('guard-entry.js'))
        .map(({ h, g, i, group }) => ({ kind: 'hook' as const, key: `${join(root, '.codex', 'hooks.json')}:${label}:${g}:${i}`, value: codexHookHash(label, group.matcher, h.command), owner: '' }));
    const projects = [root, realpathSync(worktree)].map((path) => ({ kind: 'project' as const, key: path, value: 'trusted', owner: owner(path) }));
    await addTrust(commonDir, 'codex', file, [...projects, ...own('PreToolUse', 'pre_tool_use'), ...own('PostToolUse', 'post_tool_use')]);
    return `Codex trusts the project and agent-guard's hooks (${file}: [projects] and [hooks.state], as Codex's /hooks review records them).`;
  }
  if (client === 'gemini') {
    const file = trustFile('gemini', env);
    await addTrust(commonDir, 'gemini', file, [{ kind: 'folder', key: worktree, value: 'TRUST_FOLDER', owner: owner(worktree) }]);
    return `Gemini CLI trusts the worktree (${file}), so it loads the worktree's hooks.`;
  }
  if (client === 'copilot') {
    const file = trustFile('copilot', env);
    await addTrust(commonDir, 'copilot', file, [{ kind: 'folder', key: worktree, value: worktree, owner: owner(worktree) }]);
    return `Copilot CLI trusts the worktree (${file}: trustedFolders), so it loads the worktree's hooks.`;
  }
  return null;
}
