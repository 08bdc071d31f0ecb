import { MARKDOWN_MARKERS, SHELL_MARKERS, removeBlock } from '../core/template.js';
import type { FileRecord } from './install-record.js';
import { LEFTHOOK_CONFIGS, PRE_COMMIT_CONFIG } from './hook-survey.js';
import { withoutLefthookCommands, withoutPreCommitHooks } from './manager-configs.js';
import { SIMPLE_GIT_HOOKS_CONFIGS } from './hook-survey.js';
import { withoutSimpleGitHooks } from './simple-git-hooks-config.js';

/** What uninstall does to one file init wrote: put it back, remove it, take agent-guard's part out, or leave it. */
export type FileAction =
  | { path: string; do: 'write'; content: string; why: string }
  | { path: string; do: 'delete'; why: string }
  | { path: string; do: 'keep'; why: string };

/**
 * For each file init recorded: a file as init left it goes back to what it was before (or away, if
 * init made it); a file changed since keeps the changes, less agent-guard's marked block or hook
 * entries; a file agent-guard cannot take its part out of is left as it is, and said so. Pure.
 */
export function planFileRestore(files: Record<string, FileRecord>, current: Record<string, string | null>): FileAction[] {
  const actions: FileAction[] = [];
  for (const [path, record] of Object.entries(files)) {
    const now = current[path] ?? null;
    if (now === null) {
      if (record.before !== null) actions.push({ path, do: 'keep', why: 'removed since init; not put back' });
      continue;
    }
    if (now === record.after) {
      actions.push(record.before === null ? { path, do: 'delete', why: 'made by init, unchanged since' } : { path, do: 'write', content: record.before, why: 'as before init' });
      continue;
    }
    const without = withoutOurPart(path, now);
    if (without === null) actions.push({ path, do: 'keep', why: 'changed since init; agent-guard has no part in it to take out, left as it is' });
    else if (record.before === null && isEmpty(without)) actions.push({ path, do: 'delete', why: 'made by init; nothing of yours left in it' });
    else actions.push({ path, do: 'write', content: without, why: "changed since init: agent-guard's part taken out, your changes kept" });
  }
  return actions;
}

function withoutOurPart(path: string, text: string): string | null {
  if (path.startsWith('.husky/')) return removeBlock(text, SHELL_MARKERS);
  if (path.endsWith('.md')) return removeBlock(text, MARKDOWN_MARKERS);
  if (path === PRE_COMMIT_CONFIG) return withoutPreCommitHooks(path, text);
  if (LEFTHOOK_CONFIGS.includes(path)) return withoutLefthookCommands(path, text);
  if (path === 'package.json' || SIMPLE_GIT_HOOKS_CONFIGS.includes(path)) {
    const hooks = withoutSimpleGitHooks(path, text);
    if (path !== 'package.json') return hooks;
    return withoutPrepareScript(hooks ?? text) ?? hooks;
  }
  return null;
}

const isEmpty = (text: string) => text.replace(/^#!.*\n?/, '').trim() === '';

/** package.json without the husky that init put into `scripts.prepare`; null when it has none. */
export function withoutPrepareScript(text: string): string | null {
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  const prepare = pkg.scripts?.prepare;
  if (prepare === undefined || !/^husky( && |$)/.test(prepare)) return null;
  const rest = prepare.replace(/^husky( && )?/, '');
  if (rest) pkg.scripts!.prepare = rest;
  else delete pkg.scripts!.prepare;
  if (Object.keys(pkg.scripts!).length === 0) delete pkg.scripts;
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  return JSON.stringify(pkg, null, indent) + '\n';
}
