/**
 * A small POSIX-shell reader for the guard: enough to see which commands a Bash tool call runs,
 * with which words, and where it redirects output. Quotes and escapes are resolved, so text inside
 * a quoted argument (a commit message) is one word, never a flag. `$(...)` and backquoted commands
 * are read as commands of their own. It is not a shell: it only has to see, not run.
 */
export interface SimpleCommand {
  /** `NAME=value` words before the command name. */
  assignments: string[];
  words: string[];
  /** Targets of `>`, `>>`, `>|`, `&>`, `<>` redirections. */
  writes: string[];
}

const SEPARATORS = new Set([';', '&', '|', '&&', '||', '\n', '(', ')', '{', '}', ';;', '!']);

export function parseShell(source: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  const nested: string[] = [];
  let current: SimpleCommand = { assignments: [], words: [], writes: [] };
  let pendingWrite = false;
  // Here-documents: `<<WORD` (or `<<-WORD`) — their lines, after the current line, are text, not commands.
  let pendingHeredoc: 'plain' | 'tabs' | null = null;
  const heredocs: { delimiter: string; tabs: boolean }[] = [];

  const flush = () => {
    if (current.words.length || current.assignments.length || current.writes.length) commands.push(current);
    current = { assignments: [], words: [], writes: [] };
  };
  const addWord = (word: string) => {
    if (pendingWrite) {
      current.writes.push(word);
      pendingWrite = false;
    } else if (current.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      current.assignments.push(word);
    } else if (current.words.length === 0 && SEPARATORS.has(word)) {
      // `{` `(` `!` as the first word: keep reading the command that follows
    } else {
      current.words.push(word);
    }
  };

  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const op = /^(&&|\|\||;;|>>|>\||>&|<&|&>>?|<>|<<<|<<-|<<|[;&|\n(){}]|>|<)/.exec(source.slice(i))?.[0];
    if (op && op !== '{' && op !== '}') {
      i += op.length;
      if (op === '>&' || op === '<&') {
        // `2>&1`, `>&-`: a descriptor, not a file; `>&file` writes the file like `&>`.
        const target = /^[ \t]*(\d+|-)(?=[\s;&|)]|$)/.exec(source.slice(i));
        if (target) i += target[0].length;
        else if (op === '>&') pendingWrite = true;
      } else if (op.startsWith('>') || op.startsWith('&>') || op === '<>') pendingWrite = true;
      else if (op === '<<' || op === '<<-') pendingHeredoc = op === '<<-' ? 'tabs' : 'plain';
      else if (op.startsWith('<')) pendingWrite = false;
      else {
        flush();
        if (op === '\n' && heredocs.length) i = skipHeredocs(source, i, heredocs.splice(0));
      }
      continue;
    }
    // A word: runs until unquoted whitespace or an operator character.
    let word = '';
    while (i < source.length) {
      const c = source[i]!;
      if (c === '\\') {
        if (source[i + 1] === '\n') i += 2;
        else {
          word += source[i + 1] ?? '';
          i += 2;
        }
      } else if (c === "'") {
        const end = source.indexOf("'", i + 1);
        word += source.slice(i + 1, end < 0 ? undefined : end);
        i = end < 0 ? source.length : end + 1;
      } else if (c === '"') {
        i++;
        while (i < source.length && source[i] !== '"') {
          if (source[i] === '\\' && '"\\$`\n'.includes(source[i + 1] ?? '')) {
            word += source[i + 1];
            i += 2;
          } else if (source.startsWith('$(', i)) {
            const inner = balanced(source, i + 2);
            nested.push(inner.text);
            word += `$(${inner.text})`;
            i = inner.end;
          } else if (source[i] === '`') {
            const end = source.indexOf('`', i + 1);
            const inner = source.slice(i + 1, end < 0 ? undefined : end);
            nested.push(inner);
            word += `\`${inner}\``;
            i = end < 0 ? source.length : end + 1;
          } else word += source[i++];
        }
        i++;
      } else if (source.startsWith('$(', i)) {
        const inner = balanced(source, i + 2);
        nested.push(inner.text);
        word += `$(${inner.text})`;
        i = inner.end;
      } else if (c === '`') {
        const end = source.indexOf('`', i + 1);
        const inner = source.slice(i + 1, end < 0 ? undefined : end);
        nested.push(inner);
        word += `\`${inner}\``;
        i = end < 0 ? source.length : end + 1;
      } else if (/[\s;&|<>()]/.test(c)) {
        break;
      } else {
        word += c;
        i++;
      }
    }
    if (word === '{' || word === '}') {
      if (word === '}') flush();
      continue;
    }
    if (/^\d+$/.test(word) && /^[<>]/.test(source.slice(i))) continue; // `2>file`: the descriptor of a redirection
    if (pendingHeredoc) {
      heredocs.push({ delimiter: word, tabs: pendingHeredoc === 'tabs' });
      pendingHeredoc = null;
      continue;
    }
    addWord(word);
  }
  flush();
  return [...commands, ...nested.flatMap(parseShell)];
}

/** Skips the bodies of the here-documents started on the line that just ended; returns where commands resume. */
function skipHeredocs(source: string, start: number, pending: { delimiter: string; tabs: boolean }[]): number {
  let i = start;
  for (const { delimiter, tabs } of pending) {
    while (i < source.length) {
      const end = source.indexOf('\n', i);
      const line = source.slice(i, end < 0 ? undefined : end);
      i = end < 0 ? source.length : end + 1;
      if ((tabs ? line.replace(/^\t+/, '') : line) === delimiter) break;
    }
  }
  return i;
}

/** The text inside `$(` … `)` starting at `start`, with nested parentheses balanced. */
function balanced(source: string, start: number): { text: string; end: number } {
  let depth = 1;
  let i = start;
  while (i < source.length && depth > 0) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')') depth--;
    else if (source[i] === "'") i = Math.max(i, source.indexOf("'", i + 1));
    if (depth > 0) i++;
  }
  return { text: source.slice(start, i), end: i + 1 };
}
