import { isMap, isScalar, isSeq, parse, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { UsageError } from '../core/errors.js';
import { renderTemplate } from '../core/template.js';
import { blankSeparated, column, endOfNode, insertLines, itemColumns, lineStart, pastOwnComments, quoted, removeBlock, styleOf, type Style } from './yaml-insert.js';

/**
 * agent-guard's hooks in a hook manager's YAML config, edited as a document (comments and order
 * kept): the pre-commit framework's `.pre-commit-config.yaml` gets a `repo: local` item with hooks
 * of id `agent-guard`, lefthook's config an `agent-guard` command in pre-commit, pre-push and
 * post-checkout. Each runs agent-guard's dispatcher in the common git dir, first, then the manager
 * runs the rest.
 */
export const MANAGED_COMMENT = ' agent-guard: managed by `agent-guard init`; `agent-guard uninstall` removes it';
const ID = 'agent-guard';

export interface ManagerTemplates {
  managerEntry: string;
  preCommitHooks: string;
  lefthookCommands: string;
  simpleGitHooksCommands: string;
}

/** pre-commit before 3.2 names the stages commit and push; later ones pre-commit and pre-push (and warn on the old names). */
export function preCommitStages(version: string | null): { commit: string; push: string } {
  const [major = 99, minor = 99] = (version ?? '').match(/(\d+)\.(\d+)/)?.slice(1).map(Number) ?? [];
  return major < 3 || (major === 3 && minor < 2) ? { commit: 'commit', push: 'push' } : { commit: 'pre-commit', push: 'pre-push' };
}

function document(file: string, text: string): Document {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new UsageError(`agent-guard init: ${file}${line ? ` line ${line}` : ''} is not valid YAML (${error.message.split('\n')[0]}); fix it and run init again. Nothing was written.`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new UsageError(`agent-guard init: ${file} is not a YAML mapping; fix it and run init again. Nothing was written.`);
  return doc;
}

/** Whether sequences in the text are indented under their key (`key:\n  - a`) or not (`key:\n- a`). */
function indentSeq(text: string): boolean {
  const m = /^([ \t]*)[^\s#-][^\n]*:[ \t]*\n([ \t]*)- /m.exec(text);
  return m ? m[2]!.length > m[1]!.length : true;
}

// The templates put it in a single-quoted YAML scalar, where a quote is written twice.
const entry = (templates: ManagerTemplates) => templates.managerEntry.trim().replace(/'/g, "''");

function isOurs(node: unknown): boolean {
  if (!isMap(node)) return false;
  const hooks = node.get('hooks');
  return node.get('repo') === 'local' && isSeq(hooks) && hooks.items.length > 0 && hooks.items.every((h) => isMap(h) && h.get('id') === ID);
}

/**
 * `.pre-commit-config.yaml` with agent-guard's local hooks as one more item of `repos`: new lines in
 * the file's own style after its last item (and the comments that item carries), under a marker
 * comment; every other byte stays. An earlier version of the item is replaced where it is.
 */
export function withPreCommitHooks(file: string, text: string, templates: ManagerTemplates, installed: string | null): string {
  const doc = document(file, text);
  const style = styleOf(text);
  const stages = preCommitStagesOf(doc, installed);
  const item = parse(renderTemplate(templates.preCommitHooks, { ENTRY: entry(templates), COMMIT_STAGE: stages.commit, PUSH_STAGE: stages.push })) as { repo: string; hooks: Record<string, unknown>[] };
  const repos = doc.get('repos', true);
  if (isSeq(repos) && !repos.flow && repos.items.length > 0) {
    const seq = repos as YAMLSeq<YAMLMap>;
    const first = seq.items[0]!;
    const cols = itemColumns(text, first.range![0]);
    const hooksOf = seq.items.map((i) => (isMap(i) ? i.get('hooks', true) : null)).find((h) => isSeq(h) && !h.flow && h.items.length > 0) as YAMLSeq | undefined;
    const hookCols = hooksOf ? itemColumns(text, (hooksOf.items[0] as Node).range![0]) : { dash: cols.content + 2, content: cols.content + 4 };
    const lines = preCommitLines(item, cols, hookCols, style);
    const ours = seq.items.find(isOurs);
    if (ours) {
      // an earlier version of agent-guard's item (or one of an older init, placed first) goes; the current one is added last
      const without = removeBlock(text, ours.range![0], ours.range![1], MARKER);
      return without === text ? text : withPreCommitHooks(file, without, templates, installed);
    }
    const last = seq.items.at(-1)!;
    const at = pastOwnComments(text, last.range![1], cols.dash);
    return insertLines(text, at, blankSeparated(text, seq.items) ? ['', ...lines] : lines, style);
  }
  if (repos === undefined || repos === null || (isScalar(repos) && repos.value === null)) {
    const cols = { dash: 0, content: 2 };
    const lines = preCommitLines(item, cols, { dash: 2, content: 4 }, style);
    if (isScalar(repos)) return insertLines(text, lineStart(text, repos.range![0]) + text.slice(lineStart(text, repos.range![0])).indexOf('\n') + 1, lines, style);
    return insertLines(text, text.length, [...(text.trim() === '' ? [] : ['']), 'repos:', ...lines], style);
  }
  throw new UsageError(`agent-guard init: ${file} lists its repos in a form agent-guard does not edit (a flow list or no list); add agent-guard's item by hand (docs/hooks.md) or run init --hooks git.`);
}

const MARKER = 'agent-guard: managed by';

function preCommitLines(item: { repo: string; hooks: Record<string, unknown>[] }, cols: { dash: number; content: number }, hookCols: { dash: number; content: number }, style: Style): string[] {
  const pad = (n: number) => ' '.repeat(n);
  const hookDash = Math.max(cols.content, hookCols.dash);
  const hookContent = hookDash + (hookCols.content - hookCols.dash);
  const lines = [`${pad(cols.dash)}#${MANAGED_COMMENT}`, `${pad(cols.dash)}-${pad(cols.content - cols.dash - 1)}repo: ${item.repo}`, `${pad(cols.content)}hooks:`];
  for (const hook of item.hooks) {
    Object.entries(hook).forEach(([key, value], i) => {
      const lead = i === 0 ? `${pad(hookDash)}-${pad(hookContent - hookDash - 1)}` : pad(hookContent);
      lines.push(`${lead}${key}: ${scalar(value, style)}`);
    });
  }
  return lines;
}

/** A value as the file would write it: plain where YAML reads it back the same, quoted the file's way otherwise. */
function scalar(value: unknown, style: Style): string {
  if (Array.isArray(value)) return `[${value.map((v) => scalar(v, style)).join(', ')}]`;
  if (typeof value !== 'string') return String(value);
  return /^[A-Za-z][\w .()/-]*$/.test(value) && !/^(true|false|yes|no|on|off|null)$/i.test(value) && !/[ ]$/.test(value) ? value : quoted(value, style);
}

/**
 * The stage names the file speaks: its `default_stages` and other hooks' `stages` (pre-commit 3.2
 * renamed commit/push to pre-commit/pre-push), then its `minimum_pre_commit_version`, then the
 * installed pre-commit's version.
 */
export function preCommitStagesOf(doc: Document, installed: string | null): { commit: string; push: string } {
  const data = (doc.toJS() ?? {}) as { default_stages?: unknown; minimum_pre_commit_version?: unknown; repos?: { hooks?: { stages?: unknown }[] }[] };
  const named = [data.default_stages, ...(data.repos ?? []).flatMap((r) => (r?.hooks ?? []).map((h) => h?.stages))].flatMap((s) => (Array.isArray(s) ? s.map(String) : []));
  if (named.some((s) => s === 'pre-commit' || s === 'pre-push' || s === 'pre-merge-commit')) return preCommitStages('3.2');
  if (named.some((s) => s === 'commit' || s === 'push' || s === 'merge-commit')) return preCommitStages('3.1');
  if (typeof data.minimum_pre_commit_version === 'string' || typeof data.minimum_pre_commit_version === 'number') return preCommitStages(String(data.minimum_pre_commit_version));
  return preCommitStages(installed);
}

/** The config without agent-guard's item (exactly the lines init inserted); null when it holds none. */
export function withoutPreCommitHooks(file: string, text: string): string | null {
  const doc = document(file, text);
  const repos = doc.get('repos', true);
  if (!isSeq(repos)) return null;
  const ours = (repos as YAMLSeq<YAMLMap>).items.find(isOurs);
  if (!ours) return null;
  return removeBlock(text, ours.range![0], ours.range![1], MARKER);
}

/**
 * lefthook's config with an `agent-guard` command in pre-commit, pre-push and post-checkout (a job
 * where the hook lists `jobs`), inserted as new lines after the hook's last command in the file's own indentation;
 * a hook the file does not have is added at its end. Every other byte stays.
 */
export function withLefthookCommands(file: string, text: string, templates: ManagerTemplates): string {
  let out = withoutLefthookCommands(file, text) ?? text;
  const commands = parse(renderTemplate(templates.lefthookCommands, { ENTRY: entry(templates) })) as Record<string, Record<string, unknown>>;
  const style = styleOf(text);
  const unit = indentUnit(text);
  const pad = (n: number) => ' '.repeat(n);
  for (const [hook, command] of Object.entries(commands)) {
    const doc = document(file, out);
    const section = doc.get(hook, true);
    const body = (col: number) => Object.entries(command).map(([k, v]) => `${pad(col)}${k}: ${scalar(v, style)}`);
    if (isMap(section) && !section.flow && section.items.length > 0) {
      const map = section as YAMLMap;
      const keyCol = column(out, (map.items[0]!.key as Node).range![0]);
      const jobs = map.get('jobs', true);
      const cmds = map.get('commands', true);
      if (isSeq(jobs) && !jobs.flow && jobs.items.length > 0) {
        const cols = itemColumns(out, (jobs.items[0] as Node).range![0]);
        const { priority: _priority, ...job } = command;
        const lines = Object.entries({ name: ID, ...job }).map(([k, v], i) => `${i === 0 ? `${pad(cols.dash)}-${pad(cols.content - cols.dash - 1)}` : pad(cols.content)}${k}: ${scalar(v, style)}`);
        const last = jobs.items.at(-1) as Node;
        out = insertLines(out, pastOwnComments(out, last.range![1], cols.dash), [`${pad(cols.dash)}#${MANAGED_COMMENT}`, ...lines], style);
      } else if (isMap(cmds) && !cmds.flow && cmds.items.length > 0) {
        const first = cmds.items[0] as Pair<Node, Node>;
        const col = column(out, first.key.range![0]);
        const inner = isMap(first.value) && first.value.items.length > 0 ? column(out, ((first.value as YAMLMap).items[0]!.key as Node).range![0]) - col : unit;
        const last = cmds.items.at(-1) as Pair<Node, Node>;
        const lines = [`${pad(col)}#${MANAGED_COMMENT}`, `${pad(col)}${ID}:`, ...body(col + inner)];
        out = insertLines(out, pastOwnComments(out, endOfNode(last), col), blankSeparated(out, cmds.items as Pair[]) ? ['', ...lines] : lines, style);
      } else {
        const last = map.items.at(-1)!;
        const lines = [`${pad(keyCol)}#${MANAGED_COMMENT}`, `${pad(keyCol)}commands:`, `${pad(keyCol + unit)}${ID}:`, ...body(keyCol + 2 * unit)];
        out = insertLines(out, pastOwnComments(out, endOfNode(last), keyCol), lines, style);
      }
    } else if (section === undefined) {
      const lines = [`#${MANAGED_COMMENT}`, `${hook}:`, `${pad(unit)}commands:`, `${pad(2 * unit)}${ID}:`, ...body(3 * unit)];
      out = insertLines(out, out.length, out.trim() === '' ? lines : ['', ...lines], style);
    } else {
      throw new UsageError(`agent-guard init: ${file} sets ${hook} in a form agent-guard does not edit; add agent-guard's command by hand (docs/hooks.md) or run init --hooks git.`);
    }
  }
  return sameYaml(out, text) && withoutLefthookCommands(file, text) !== null ? text : out;
}

/** The indentation step the file uses (2 when it cannot tell). */
function indentUnit(text: string): number {
  const m = /^([^\s#][^\n]*:)[ \t]*\r?\n( +)\S/m.exec(text);
  return m ? m[2]!.length : 2;
}

/** lefthook's config without agent-guard's commands and jobs (the lines init inserted, and a section or key it added); null when it holds none. */
export function withoutLefthookCommands(file: string, text: string): string | null {
  let out = text;
  let found = false;
  for (const hook of ['pre-commit', 'pre-push', 'post-checkout']) {
    const doc = document(file, out);
    const section = doc.get(hook, true);
    if (!isMap(section)) continue;
    const cmds = section.get('commands', true);
    const jobs = section.get('jobs', true);
    const job = isSeq(jobs) ? (jobs.items as Node[]).find((j) => isMap(j) && j.get('name') === ID) : undefined;
    const pair = isMap(cmds) ? (cmds.items as Pair<Node, Node>[]).find((p) => isScalar(p.key) && p.key.value === ID) : undefined;
    if (job) out = removeBlock(out, job.range![0], job.range![1], MARKER);
    else if (pair && isMap(cmds) && cmds.items.length === 1 && section.items.length === 1) {
      // the whole hook section was agent-guard's
      const key = (doc.contents as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === hook)!;
      out = removeBlock(out, (key.key as Node).range![0], endOfNode(key), MARKER);
    } else if (pair && isMap(cmds) && cmds.items.length === 1) {
      const key = section.items.find((p) => isScalar(p.key) && p.key.value === 'commands')!;
      out = removeBlock(out, (key.key as Node).range![0], endOfNode(key), MARKER);
    } else if (pair) out = removeBlock(out, pair.key.range![0], endOfNode(pair), MARKER);
    else continue;
    found = true;
  }
  return found ? out : null;
}

/** Whether two YAML texts hold the same data (a re-run keeps the user's bytes when nothing changed). */
function sameYaml(a: string, b: string): boolean {
  return JSON.stringify(parse(a)) === JSON.stringify(parse(b));
}

/** How the edited document is written: the sequence indentation the file had, no folding, `[a, b]` as most write it. */
function yamlOptions(text: string) {
  return { indentSeq: indentSeq(text), lineWidth: 0, flowCollectionPadding: false };
}

/** `.gitlab-ci.yml` that includes `local` (itself when it does already); a new file holds just the include. */
export function withGitlabInclude(file: string, text: string | null, local: string): string {
  const doc = document(file, text ?? '');
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  const include = doc.get('include');
  const entry = { local };
  const has = (node: unknown) => (isMap(node) ? node.get('local') === local : node === local);
  if (isSeq(include)) {
    if (include.items.some(has)) return text ?? '';
    include.items.push(doc.createNode(entry) as never);
  } else if (include !== undefined) {
    if (has(include)) return text ?? '';
    doc.set('include', doc.createNode([include, entry]));
  } else {
    const map = doc.contents as unknown as YAMLMap;
    const pair = doc.createPair('include', [entry]);
    // the file's opening comment stays first: it belonged to the key that was first
    const first = map.items[0]?.key;
    if (isScalar(first) && first.commentBefore) {
      const key = doc.createNode('include');
      key.commentBefore = first.commentBefore;
      first.commentBefore = undefined;
      pair.key = key;
    }
    map.items.unshift(pair as never);
  }
  return doc.toString(yamlOptions(text ?? ''));
}
