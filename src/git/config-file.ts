/**
 * A git config file as `git config --file FILE --list -z` lists it (includes are not followed): each
 * key (section and name lowercased, subsection as written) with its values in file order. Null where
 * the file uses what this reader leaves to git: a continued line, a key without `=`, the old
 * `[section.sub]` form, a key on its section's line, CR line ends, a byte-order mark, a bad line.
 */
export function parseConfigFile(text: string): Map<string, string[]> | null {
  if (text.includes('\r') || text.startsWith('\uFEFF')) return null;
  const config = new Map<string, string[]>();
  let section: string | null = null;
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/^[ \t]+/, '');
    if (trimmed === '' || trimmed[0] === '#' || trimmed[0] === ';') continue;
    if (trimmed[0] === '[') {
      const header = SECTION.exec(trimmed);
      if (!header) return null;
      section = header[1]!.toLowerCase() + (header[2] === undefined ? '' : `.${header[2].replace(/\\(.)/g, '$1')}`);
      continue;
    }
    const entry = ENTRY.exec(trimmed);
    const value = entry ? parseValue(entry[2]!) : null;
    if (section === null || value === null) return null;
    const key = `${section}.${entry![1]!.toLowerCase()}`;
    const values = config.get(key);
    if (values) values.push(value);
    else config.set(key, [value]);
  }
  return config;
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
