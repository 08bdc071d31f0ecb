import { isMap, isScalar, isSeq, parse, parseDocument, type Document, YAMLMap, YAMLSeq } from 'yaml';
import { UsageError } from '../core/errors.js';
import { renderTemplate } from '../core/template.js';

/**
 * agent-guard's hooks in a hook manager's YAML config, edited as a document (comments and order
 * kept): the pre-commit framework's `.pre-commit-config.yaml` gets a `repo: local` item with hooks
 * of id `agent-guard`, lefthook's config an `agent-guard` command in pre-commit and pre-push. Each
 * runs agent-guard's dispatcher in the common git dir, first, then the manager runs the rest.
 */
export const MANAGED_COMMENT = ' agent-guard: managed by `agent-guard init`; `agent-guard uninstall` removes it';
const ID = 'agent-guard';

export interface ManagerTemplates {
  managerEntry: string;
  preCommitHooks: string;
  lefthookCommands: string;
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

/** `.pre-commit-config.yaml` with agent-guard's local hooks first (in place of an earlier version of them). */
export function withPreCommitHooks(file: string, text: string, templates: ManagerTemplates, stages: { commit: string; push: string }): string {
  const doc = document(file, text);
  const item = doc.createNode(parse(renderTemplate(templates.preCommitHooks, { ENTRY: entry(templates), COMMIT_STAGE: stages.commit, PUSH_STAGE: stages.push }))) as YAMLMap;
  item.commentBefore = MANAGED_COMMENT;
  for (const hook of (item.get('hooks') as YAMLSeq<YAMLMap>).items) (hook.get('stages') as YAMLSeq).flow = true;
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  let repos = doc.get('repos');
  if (!isSeq(repos)) {
    repos = doc.createNode([]);
    doc.set('repos', repos);
  }
  const seq = repos as YAMLSeq;
  seq.flow = false;
  const existing = seq.items.findIndex(isOurs);
  if (existing >= 0) seq.items.splice(existing, 1);
  seq.items.unshift(item);
  const out = doc.toString(yamlOptions(text));
  return existing >= 0 && sameYaml(out, text) ? text : out;
}

/** The config without agent-guard's item; null when it holds none. */
export function withoutPreCommitHooks(file: string, text: string): string | null {
  const doc = document(file, text);
  const repos = doc.get('repos');
  if (!isSeq(repos) || !repos.items.some(isOurs)) return null;
  repos.items = repos.items.filter((i) => !isOurs(i));
  return doc.toString(yamlOptions(text));
}

/** lefthook's config with an `agent-guard` command (or job) first in pre-commit and pre-push. */
export function withLefthookCommands(file: string, text: string, templates: ManagerTemplates): string {
  const doc = document(file, text);
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  const commands = parse(renderTemplate(templates.lefthookCommands, { ENTRY: entry(templates) })) as Record<string, Record<string, unknown>>;
  for (const [hook, command] of Object.entries(commands)) {
    let section = doc.get(hook);
    if (!isMap(section)) {
      section = doc.createNode({ commands: {} });
      doc.set(hook, section);
    }
    const map = section as YAMLMap;
    const jobs = map.get('jobs');
    if (isSeq(jobs)) {
      const at = jobs.items.findIndex((j) => isMap(j) && j.get('name') === ID);
      const { priority: _priority, ...job } = command;
      const node = doc.createNode({ name: ID, ...job });
      if (at >= 0) jobs.items.splice(at, 1);
      jobs.items.unshift(node);
      continue;
    }
    let cmds = map.get('commands');
    if (!isMap(cmds)) {
      cmds = doc.createNode({});
      map.set('commands', cmds);
    }
    const cmdMap = cmds as YAMLMap;
    cmdMap.delete(ID);
    const pair = doc.createPair(ID, command);
    cmdMap.items.unshift(pair as never);
  }
  const out = doc.toString(yamlOptions(text));
  return sameYaml(out, text) ? text : out;
}

/** lefthook's config without agent-guard's commands; null when it holds none. */
export function withoutLefthookCommands(file: string, text: string): string | null {
  const doc = document(file, text);
  let found = false;
  for (const hook of ['pre-commit', 'pre-push']) {
    const section = doc.get(hook);
    if (!isMap(section)) continue;
    const cmds = section.get('commands');
    if (isMap(cmds) && cmds.has(ID)) {
      cmds.delete(ID);
      found = true;
    }
    const jobs = section.get('jobs');
    if (isSeq(jobs) && jobs.items.some((j) => isMap(j) && j.get('name') === ID)) {
      jobs.items = jobs.items.filter((j) => !(isMap(j) && j.get('name') === ID));
      found = true;
    }
  }
  return found ? doc.toString(yamlOptions(text)) : null;
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
