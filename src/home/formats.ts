import type * as Jsonc from 'jsonc-parser';
import type * as SmolToml from 'smol-toml';
import { requireLazily } from '../io/lazy-require.js';

/**
 * The files in the user's home agent-guard adds entries to, each edited as a document in its owner's
 * format: an entry is added as new text and taken out as exactly that text, so every other byte of
 * the user's file stays as it was.
 */
export type GuestFormat = 'codex' | 'gemini' | 'copilot';

/**
 * One entry: Codex's `[projects."KEY"] trust_level` (kind project) or `[hooks.state."KEY"]
 * trusted_hash` (kind hook); Gemini CLI's `"KEY": "TRUST_FOLDER"`; Copilot CLI's KEY in `trustedFolders`.
 */
export interface GuestEntry {
  kind: 'project' | 'hook' | 'folder';
  key: string;
  value: string;
}

export interface ParseProblem {
  line: number | null;
  message: string;
}

export const FORMAT_NAMES: Record<GuestFormat, string> = { codex: 'TOML', gemini: 'JSON', copilot: 'JSON' };

/** Why the text does not parse the way its owner reads it (null: it does). */
export function parseProblem(format: GuestFormat, text: string): ParseProblem | null {
  if (format === 'codex') {
    // loaded here, for Codex only: spawn, adopt, init and doctor of other clients never need it
    const { parse, TomlError } = requireLazily('smol-toml') as typeof SmolToml;
    try {
      parse(text);
      return null;
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
      return { line: err instanceof TomlError ? err.line : null, message };
    }
  }
  const { parse, printParseErrorCode } = jsonc();
  const errors: Jsonc.ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: false, disallowComments: format === 'copilot' });
  if (errors.length) return { line: lineOf(text, errors[0]!.offset), message: printParseErrorCode(errors[0]!.error) };
  if (text.trim() !== '' && (typeof value !== 'object' || value === null || Array.isArray(value))) return { line: 1, message: 'not a JSON object' };
  if (format === 'copilot' && value && 'trustedFolders' in value && !Array.isArray((value as { trustedFolders: unknown }).trustedFolders)) return { line: lineOf(text, text.indexOf('"trustedFolders"')), message: 'trustedFolders is not a list' };
  return null;
}

/** Each entry's state in the file: absent, present with this value, or present with another. */
export function entryState(format: GuestFormat, text: string, entry: GuestEntry): 'absent' | 'same' | 'different' {
  const current = currentValue(format, text, entry);
  return current === undefined ? 'absent' : current === entry.value ? 'same' : 'different';
}

function currentValue(format: GuestFormat, text: string, entry: GuestEntry): unknown {
  if (format === 'codex') {
    const { parse } = requireLazily('smol-toml') as typeof SmolToml;
    const doc = parse(text) as Record<string, Record<string, Record<string, unknown>> | undefined>;
    const table = entry.kind === 'project' ? doc.projects?.[entry.key] : (doc.hooks?.state as Record<string, Record<string, unknown>> | undefined)?.[entry.key];
    if (table === undefined) return undefined;
    return table[entry.kind === 'project' ? 'trust_level' : 'trusted_hash'] ?? null;
  }
  const value = (jsonc().parse(text || '{}') ?? {}) as Record<string, unknown>;
  if (format === 'gemini') return Object.hasOwn(value, entry.key) ? value[entry.key] : undefined;
  const trusted = Array.isArray(value.trustedFolders) ? value.trustedFolders : [];
  return trusted.includes(entry.key) ? entry.key : undefined;
}

/** The text with `entry` set: appended when absent, its value replaced in place when it differs. */
export function withEntry(format: GuestFormat, text: string, entry: GuestEntry): string {
  const state = entryState(format, text, entry);
  if (state === 'same') return text;
  if (format === 'codex') return state === 'absent' ? appendTomlTable(text, entry) : setInTomlTable(text, entry);
  const { applyEdits, modify } = jsonc();
  const options = { formattingOptions: jsonStyle(text) };
  const source = text.trim() === '' ? '{}' : text;
  if (format === 'gemini') return finalNewline(text, applyEdits(source, modify(source, [entry.key], entry.value, options)));
  const list = (jsonc().parse(source) as { trustedFolders?: unknown }).trustedFolders;
  const edits = Array.isArray(list) ? modify(source, ['trustedFolders', -1], entry.key, { ...options, isArrayInsertion: true }) : modify(source, ['trustedFolders'], [entry.key], options);
  return finalNewline(text, applyEdits(source, edits));
}

/** The text without `entry` (only where it still holds agent-guard's value; anything else is the user's). */
export function withoutEntry(format: GuestFormat, text: string, entry: GuestEntry): string {
  if (entryState(format, text, entry) !== 'same') return text;
  if (format === 'codex') return removeFromToml(text, entry);
  const { applyEdits, modify, parse } = jsonc();
  const options = { formattingOptions: jsonStyle(text) };
  if (format === 'gemini') return applyEdits(text, modify(text, [entry.key], undefined, options));
  const list = (parse(text) as { trustedFolders: unknown[] }).trustedFolders;
  return applyEdits(text, modify(text, ['trustedFolders', list.indexOf(entry.key)], undefined, options));
}

const jsonc = () => requireLazily('jsonc-parser') as typeof Jsonc;

/** A new JSON file ends with a newline, as its clients write it; an edited one keeps what it had. */
function finalNewline(before: string, after: string): string {
  return before.trim() === '' && !after.endsWith('\n') ? `${after}\n` : after;
}

/** The file's own indentation and line ending, so an added member looks like its neighbours. */
function jsonStyle(text: string): Jsonc.FormattingOptions {
  const indent = /\n([ \t]+)["\]}]/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

const tomlHeader = (entry: GuestEntry) => `[${entry.kind === 'project' ? 'projects' : 'hooks.state'}.${JSON.stringify(entry.key)}]`;
const tomlKey = (entry: GuestEntry) => (entry.kind === 'project' ? 'trust_level' : 'trusted_hash');

function appendTomlTable(text: string, entry: GuestEntry): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = `${tomlHeader(entry)}${eol}${tomlKey(entry)} = ${JSON.stringify(entry.value)}${eol}`;
  if (text === '') return block;
  return `${text}${text.endsWith(`${eol}${eol}`) ? '' : text.endsWith(eol) ? eol : eol + eol}${block}`;
}

/** Sets the key inside the table whose header agent-guard writes; a table in another form is left to the user. */
function setInTomlTable(text: string, entry: GuestEntry): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === tomlHeader(entry));
  if (start < 0) return text;
  const end = nextHeader(lines, start);
  const cr = lines[start]!.endsWith('\r') ? '\r' : '';
  const line = `${tomlKey(entry)} = ${JSON.stringify(entry.value)}${cr}`;
  const at = lines.findIndex((l, i) => i > start && i < end && new RegExp(`^\\s*${tomlKey(entry)}\\s*=`).test(l));
  if (at >= 0) lines[at] = line;
  else lines.splice(start + 1, 0, line);
  return lines.join('\n');
}

function nextHeader(lines: string[], start: number): number {
  const end = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
  return end < 0 ? lines.length : end;
}

/**
 * Takes out the table agent-guard appended — its header, its key and the blank lines after it, or
 * before it at the end of the file — or only its key where the user has written more into the table.
 */
function removeFromToml(text: string, entry: GuestEntry): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === tomlHeader(entry));
  if (start < 0) return text;
  const end = nextHeader(lines, start);
  const body = lines.slice(start + 1, end).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (body.length !== 1) {
    const at = lines.findIndex((l, i) => i > start && i < end && new RegExp(`^\\s*${tomlKey(entry)}\\s*=`).test(l));
    if (at >= 0) lines.splice(at, 1);
    return lines.join('\n');
  }
  let from = start;
  if (end === lines.length) {
    // the last table: the blank lines that separated it from the text before go with it
    while (from > 0 && lines[from - 1]!.trim() === '') from--;
    const kept = lines.slice(0, from);
    return kept.length ? `${kept.join('\n')}\n` : '';
  }
  lines.splice(from, end - from);
  return lines.join('\n');
}

/**
 * Codex's config.toml with each table that appears twice with the same body — what an older
 * agent-guard wrote, and what stops Codex from starting — kept once (its first place).
 */
export function withoutDuplicateTables(text: string): string {
  const lines = text.split('\n');
  const seen = new Map<string, string>();
  const drop = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\[[^[]/.test(lines[i]!)) continue;
    const end = nextHeader(lines, i);
    const header = lines[i]!.trim();
    const body = lines.slice(i + 1, end).map((l) => l.trim()).filter((l) => l !== '').join('\n');
    if (seen.get(header) === body) {
      let from = i;
      while (from > 0 && lines[from - 1]!.trim() === '' && !drop.has(from - 1)) from--;
      for (let k = end === lines.length ? from : i; k < end; k++) drop.add(k);
    } else if (!seen.has(header)) seen.set(header, body);
  }
  const out = lines.filter((_, i) => !drop.has(i)).join('\n');
  return text.endsWith('\n') && out !== '' && !out.endsWith('\n') ? `${out}\n` : out;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, Math.max(0, offset)).split('\n').length;
}

/** Keys written more than once: Gemini CLI's folders, Copilot CLI's trusted folders (TOML refuses its own duplicates). */
export function duplicatedEntries(format: GuestFormat, text: string): string[] {
  return format === 'codex' ? [] : [...new Set(repeatedNodes(format, text).map((n) => n.key))];
}

/** The JSON with each repeated folder kept once (its first place). */
export function withoutDuplicateEntries(format: GuestFormat, text: string): string {
  if (format === 'codex') return text;
  let out = text;
  // from the end, so earlier offsets stay valid; each goes with the separator before it
  for (const { from, to } of repeatedNodes(format, text).reverse()) out = out.slice(0, from) + out.slice(to);
  return out;
}

function repeatedNodes(format: GuestFormat, text: string): { key: string; from: number; to: number }[] {
  const { parseTree } = jsonc();
  const root = text.trim() === '' ? undefined : parseTree(text);
  const list = format === 'gemini' ? root : root?.children?.find((p) => p.children?.[0]?.value === 'trustedFolders')?.children?.[1];
  const items = list?.children ?? [];
  const seen = new Set<string>();
  const repeated: { key: string; from: number; to: number }[] = [];
  items.forEach((node, i) => {
    const key = String(format === 'gemini' ? node.children?.[0]?.value : node.value);
    if (seen.has(key)) {
      const previous = items[i - 1]!;
      repeated.push({ key, from: previous.offset + previous.length, to: node.offset + node.length });
    }
    seen.add(key);
  });
  return repeated;
}
