import type Micromatch from 'micromatch';

export type PathTest = (path: string) => boolean;

/** Turns one glob into a regex source: micromatch's (see glob-regex.ts), or the hooks' cached copy of it. */
export type GlobToRegex = (glob: string) => string;

const never: PathTest = () => false;

/** micromatch's regex source for a glob, with the options every agent-guard match uses. */
export function micromatchSource(micromatch: typeof Micromatch, glob: string): string {
  return micromatch.makeRe(glob, { dot: true }).source;
}

/** The plain globs a list stands for (`!` stripped): what must be compiled for it. */
export function globsOf(list: readonly string[]): string[] {
  return list.map((g) => (g.startsWith('!') ? g.slice(1) : g));
}

/**
 * One compiled test for a list of globs: true when any glob matches. Compile once, call per path.
 * micromatch's regexes use `.` for "any character but /", which skips a newline; git paths may hold
 * newlines, so each regex is rebuilt with the dotAll flag and all are joined into one alternation.
 */
export function compileGlobs(globs: readonly string[], toRegex: GlobToRegex): PathTest {
  if (globs.length === 0) return never;
  // `folder/**` (a plain folder) is the most common scope and its regex the slowest to run (a
  // lookahead per character): test it as a prefix. `**/*.ext` likewise as a suffix. Same answers for
  // every path git can hold, since a git path has no `.` or `..` segment (what micromatch's regex
  // also rules out); the unit tests compare them with micromatch.
  const folders = globs.filter(isFolderGlob).map((glob) => glob.slice(0, -3));
  const suffixes = globs.filter(isSuffixGlob).map((glob) => glob.slice(4));
  const rest = globs.filter((glob) => !isFolderGlob(glob) && !isSuffixGlob(glob));
  const regex = rest.length ? new RegExp(rest.map((glob) => `(?:${toRegex(glob)})`).join('|'), 's') : null;
  if (folders.length === 0 && suffixes.length === 0) return (path) => regex!.test(path);
  const prefixes = folders.map((folder) => `${folder}/`);
  return (path) => {
    for (let i = 0; i < prefixes.length; i++) if (path.startsWith(prefixes[i]!) || path === folders[i]) return true;
    for (let i = 0; i < suffixes.length; i++) if (path.endsWith(suffixes[i]!)) return true;
    return regex?.test(path) === true;
  };
}

// Any file, at any depth, whose name ends in plain text (no glob syntax, no slash): `**` then `/*.snap`.
export function isSuffixGlob(glob: string): boolean {
  return glob.startsWith('**/*') && glob.length > 4 && !/[*?[\]{}()!+@\\/]/.test(glob.slice(4));
}

/** `src/orders/**`: plain folder names (no glob syntax, no `.`/`..` segment) followed by `/**`. */
export function isFolderGlob(glob: string): boolean {
  if (!glob.endsWith('/**') || glob.length < 4) return false;
  const folder = glob.slice(0, -3);
  return !/[*?[\]{}()!+@\\]/.test(folder) && folder.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * Where a list of globs can match: each positive glob's leading plain segments (the whole glob when it
 * has no glob syntax), or null when one can match from the root down (a glob that starts with `**`).
 * A git pathspec of these prefixes covers every path the globs match, and maybe more.
 */
export function globPrefixes(globs: readonly string[]): string[] | null {
  const prefixes = new Set<string>();
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    const segments = glob.split('/');
    const plain = segments.findIndex((segment) => /[*?[\]{}()!+@\\]/.test(segment));
    const prefix = plain < 0 ? glob : segments.slice(0, plain).join('/');
    if (prefix === '') return null;
    prefixes.add(prefix);
  }
  return [...prefixes];
}

/** An agent's scope: its positive globs minus its `!` globs. */
export function compileScope(scope: readonly string[], toRegex: GlobToRegex): PathTest {
  const include = compileGlobs(scope.filter((g) => !g.startsWith('!')), toRegex);
  const exclude = compileGlobs(globsOf(scope.filter((g) => g.startsWith('!'))), toRegex);
  return (path) => include(path) && !exclude(path);
}
