import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readTemplates } from '../io/package-files.js';
import { readIfExists } from '../io/files.js';
import { CLAUDE_LOCAL_SETTINGS, subagentDefinition } from '../init/plan.js';
import { definitionReplacedNote, initSummaryLine } from '../render/messages.js';
import { withGuardHook } from '../clients/claude-settings.js';
import { excludeForAllWorktrees } from '../git/exclude.js';
import { guardCommand, postBashCommand, prepareAgent, updateConfig, type SpawnOptions, type SpawnResult } from './spawn.js';

/**
 * `spawn NAME --claude-subagent`: agent NAME as a Claude Code sub-agent of the main checkout, not a
 * worktree of its own: its definition in `.claude/agents/` (as `init --claude-subagents` writes it)
 * and the guard in this checkout's Claude settings, so its calls are judged by its scope here.
 */
export async function spawnSubagent(mainRoot: string, opts: SpawnOptions): Promise<SpawnResult> {
  const extra = [opts.path !== undefined && '--path', opts.base !== undefined && '--base', opts.sandbox && '--sandbox', opts.after && '--after'].filter(Boolean);
  if (extra.length) throw new UsageError(`agent-guard spawn --claude-subagent makes no worktree or branch, so ${extra.join(', ')} ${extra.length === 1 ? 'does' : 'do'} not apply; leave ${extra.length === 1 ? 'it' : 'them'} out.`);
  const lines: string[] = [];
  const prepared = await prepareAgent(mainRoot, opts, lines);
  if ('refused' in prepared) return { exitCode: 1, lines, worktree: null, setup: null };
  const loaded = await updateConfig(mainRoot, opts, lines, prepared.current);
  const { config } = loaded;
  const definition = subagentDefinition(readTemplates().claudeSubagent, opts.name, config, (path) => readIfExists(join(mainRoot, path)));
  const before = readIfExists(join(mainRoot, definition.path));
  if (before !== definition.text) writeFileAtomic(join(mainRoot, definition.path), definition.text);
  lines.push(initSummaryLine(before === null ? 'create' : before === definition.text ? 'unchanged' : 'update', definition.path, false).trim());
  if (definition.replacedBlock) lines.push(`note: ${definitionReplacedNote(definition.path)}`);
  const settingsPath = join(mainRoot, CLAUDE_LOCAL_SETTINGS);
  writeFileAtomic(settingsPath, withGuardHook(readIfExists(settingsPath), { pre: guardCommand(), post: postBashCommand() }, settingsPath));
  await excludeForAllWorktrees(mainRoot, [`/${CLAUDE_LOCAL_SETTINGS}`]);
  const type = config.agents[opts.name]!.claudeAgent ?? opts.name;
  lines.push(`Claude Code in ${mainRoot} runs agent-guard before every edit and after every Bash command (${CLAUDE_LOCAL_SETTINGS}).`);
  lines.push(`Scope of "${opts.name}": ${config.agents[opts.name]!.scope.join(', ')}`);
  lines.push(
    `Sub-agent "${type}" works in this checkout (no worktree or branch was made): a Claude Code session here hands it work ("use the ${type} agent to …"), and its edits and commands are judged by agent "${opts.name}"'s scope.`,
  );
  if (opts.scope || opts.task) lines.push(`Commit ${loaded.file} and ${definition.path} on ${config.base}.`);
  return { exitCode: 0, lines, worktree: null, setup: null };
}
