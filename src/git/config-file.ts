/**
 * A git config file as `git config --file FILE --list -z` lists it (includes are not followed): each
 * key (section and name lowercased, subsection as written) with its values in file order. Null where
 * the file uses what this reader leaves to git: a continued line, a key without `=`, the old
 * `[section.sub]` form, a key on its section's line, CR line ends, a byte-order mark, a bad line.
 */
export function parseConfigFile(text: string): Map<string, string[]> | null {
  const lines = configLines(text);
  if (!lines) return null;
  const config = new Map<string, string[]>();
  for (const line of lines) {
    if (line.key === null) continue;
    const values = config.get(line.key);
    if (values) values.push(line.value!);
    else config.set(line.key, [line.value!]);
  }
  return config;
}

export interface ConfigChange {
  /** `section.name` or `section.subsection.name`, as `git config` takes it. */
  key: string;
  value: string;
  /** Add a value beside the ones there (`git config --add`) instead of setting the one value. */
  add?: boolean;
}

/**
 * The file with these values set as `git config [--add] KEY VALUE` sets them: a key set once is
 * replaced on its line, a new one goes at the end of its section (a new section at the end of the
 * file). Null where git must do it: a file parseConfigFile leaves to git, or a key set more than once.
 */
export function withConfigValues(text: string, changes: readonly ConfigChange[]): string | null {
  const lines = configLines(text);
  if (!lines) return null;
  const out = text.split('\n');
  const newSections = new Map<string, string[]>();
  for (const change of changes) {
    const { section, name, key, header } = splitKey(change.key);
    const entry = `\t${name} = ${writtenValue(change.value)}`;
    const at = lines.flatMap((line, i) => (line.key === key ? [i] : []));
    if (!change.add && at.length > 1) return null;
    if (!change.add && at.length === 1) {
      out[at[0]!] = entry;
      continue;
    }
    let lastInSection = lines.length - 1;
    while (lastInSection >= 0 && (lines[lastInSection]!.section !== section || lines[lastInSection]!.kind === 'other')) lastInSection--;
    if (lastInSection >= 0) out[lastInSection] += `\n${entry}`;
    else newSections.set(header, [...(newSections.get(header) ?? []), entry]);
  }
  let edited = out.join('\n');
  if (newSections.size > 0 && edited !== '' && !edited.endsWith('\n')) edited += '\n';
  for (const [head, entries] of newSections) edited += `${head}\n${entries.join('\n')}\n`;
  return edited;
}

interface ConfigLine {
  kind: 'header' | 'entry' | 'other';
  /** The section this line is in, as git prints it (`core`, `includeif.gitdir:./worktrees/`). */
  section: string | null;
  key: string | null;
  value: string | null;
}

function configLines(text: string): ConfigLine[] | null {
  if (text.includes('\r') || text.startsWith('\uFEFF')) return null;
  const lines: ConfigLine[] = [];
  let section: string | null = null;
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/^[ \t]+/, '');
    if (trimmed === '' || trimmed[0] === '#' || trimmed[0] === ';') {
      lines.push({ kind: 'other', section, key: null, value: null });
      continue;
    }
    if (trimmed[0] === '[') {
      const header = SECTION.exec(trimmed);
      if (!header) return null;
      section = header[1]!.toLowerCase() + (header[2] === undefined ? '' : `.${header[2].replace(/\\(.)/g, '$1')}`);
      lines.push({ kind: 'header', section, key: null, value: null });
      continue;
    }
    const entry = ENTRY.exec(trimmed);
    const value = entry ? parseValue(entry[2]!) : null;
    if (section === null || value === null) return null;
    lines.push({ kind: 'entry', section, key: `${section}.${entry![1]!.toLowerCase()}`, value });
  }
  return lines;
}

// `[section]` or `[section "subsection"]` (in quotes, `\X` stands for X), then only a comment.
const SECTION = /^\[([A-Za-z0-9-]+)(?:[ \t]+"((?:[^"\\]|\\.)*)")?\][ \t]*(?:[#;].*)?$/;
const ENTRY = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*=(.*)$/;
const ESCAPES: Record<string, string> = { t: '\t', b: '\b', n: '\n', '\\': '\\', '"': '"' };

/**
 * A value as git's parse_value reads it: blanks outside quotes are dropped at the ends and each one
 * inside becomes a space; `#` or `;` outside quotes starts a comment; quotes are removed.
 */
function parseValue(raw: string): string | null {
  let value = '';
  let quoted = false;
  let spaces = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (!quoted && (c === ' ' || c === '\t')) {
      if (value.length > 0) spaces++;
      continue;
    }
    if (!quoted && (c === '#' || c === ';')) break;
    value += ' '.repeat(spaces);
    spaces = 0;
    if (c === '"') quoted = !quoted;
    else if (c !== '\\') value += c;
    else {
      const escaped = ESCAPES[raw[++i] ?? ''];
      if (escaped === undefined) return null; // a continued line, or an escape git refuses
      value += escaped;
    }
  }
  return quoted ? null : value;
}

/**
 * `section.name` / `section.sub.name`: the section and the full key as git prints them, the name as
 * given, and the header line a new section of it starts with.
 */
function splitKey(key: string): { section: string; name: string; key: string; header: string } {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  const sub = first === last ? null : key.slice(first + 1, last);
  const section = key.slice(0, first).toLowerCase() + (sub === null ? '' : `.${sub}`);
  const name = key.slice(last + 1);
  const header = sub === null ? `[${key.slice(0, first)}]` : `[${key.slice(0, first)} "${sub.replace(/[\\"]/g, '\\$&')}"]`;
  return { section, name, key: `${section}.${name.toLowerCase()}`, header };
}

/** A value as git reads it back exactly: bare where nothing in it means something to git, else quoted. */
export function writtenValue(value: string): string {
  return /^[^\s"\\#;](?:(?:[^\s"\\#;]| )*[^\s"\\#;])?$/.test(value) ? value : configValue(value);
}

/**
 * A value quoted so git reads back exactly `value`: inside double quotes only `"` and `\` need
 * escaping (and newline/tab, spelled \n and \t).
 */
export function configValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}
