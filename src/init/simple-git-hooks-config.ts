import type * as Jsonc from 'jsonc-parser';
import { UsageError } from '../core/errors.js';
import { renderTemplate } from '../core/template.js';
import { requireLazily } from '../io/lazy-require.js';

/**
 * simple-git-hooks' config (package.json's `simple-git-hooks`, or its own JSON file) with agent-guard's
 * line first in the pre-commit, pre-push and post-checkout commands: simple-git-hooks writes each command into its
 * hook, so the hook runs agent-guard's check (and stops on its refusal) before the project's command,
 * and an install run again later (a `postinstall`) writes it again. The edits are JSON text edits
 * (jsonc-parser): the rest of the file stays byte for byte. Pure.
 */
export interface SimpleGitHooksTemplates {
  managerEntry: string;
  simpleGitHooksCommands: string;
}

const jsonc = () => requireLazily('jsonc-parser') as typeof Jsonc;

/** The lines agent-guard puts first in each hook's command. */
function ourLines(templates: SimpleGitHooksTemplates): Record<string, string> {
  const entry = JSON.stringify(templates.managerEntry.trim()).slice(1, -1);
  return JSON.parse(renderTemplate(templates.simpleGitHooksCommands, { ENTRY: entry })) as Record<string, string>;
}

function hooksObject(file: string, text: string): { base: Jsonc.JSONPath; hooks: Record<string, unknown> } {
  const errors: Jsonc.ParseError[] = [];
  const value = jsonc().parse(text, errors, { allowTrailingComma: false }) as Record<string, unknown> | null;
  if (errors.length || typeof value !== 'object' || value === null) throw new UsageError(`agent-guard init: ${file} is not valid JSON; fix it and run init again. Nothing was written.`);
  const base = file === 'package.json' ? ['simple-git-hooks'] : [];
  const hooks = (file === 'package.json' ? value['simple-git-hooks'] : value) as Record<string, unknown> | undefined;
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) throw new UsageError(`agent-guard init: ${file} has no simple-git-hooks object; add one (or run init --hooks husky).`);
  return { base, hooks };
}

function style(text: string): Jsonc.FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** The config with agent-guard's line first in pre-commit, pre-push and post-checkout (an earlier version of it replaced). */
export function withSimpleGitHooks(file: string, text: string, templates: SimpleGitHooksTemplates): string {
  let out = withoutSimpleGitHooks(file, text) ?? text;
  const { applyEdits, modify } = jsonc();
  for (const [hook, line] of Object.entries(ourLines(templates))) {
    const { base, hooks } = hooksObject(file, out);
    const current = hooks[hook];
    if (current !== undefined && typeof current !== 'string') throw new UsageError(`agent-guard init: ${file}: simple-git-hooks' ${hook} is not a command; fix it and run init again.`);
    out = applyEdits(out, modify(out, [...base, hook], current === undefined ? line : `${line}\n${current}`, { formattingOptions: style(out) }));
  }
  return out === text ? text : out;
}

/** The config without agent-guard's lines (a hook init added goes whole); null when it holds none. */
export function withoutSimpleGitHooks(file: string, text: string): string | null {
  const { applyEdits, modify } = jsonc();
  let { base, hooks } = hooksObject(file, text);
  let out = text;
  let found = false;
  for (const hook of Object.keys(hooks)) {
    const value = hooks[hook];
    if (typeof value !== 'string' || !value.includes('agent-guard/linked-hooks')) continue;
    const [first, ...rest] = value.split('\n');
    if (!first!.includes('agent-guard/linked-hooks')) continue;
    out = applyEdits(out, modify(out, [...base, hook], rest.length ? rest.join('\n') : undefined, { formattingOptions: style(out) }));
    ({ base, hooks } = hooksObject(file, out));
    found = true;
  }
  return found ? out : null;
}
