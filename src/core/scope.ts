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
  const regex = new RegExp(globs.map((glob) => `(?:${toRegex(glob)})`).join('|'), 's');
  return (path) => regex.test(path);
}

/** An agent's scope: its positive globs minus its `!` globs. */
export function compileScope(scope: readonly string[], toRegex: GlobToRegex): PathTest {
  const include = compileGlobs(scope.filter((g) => !g.startsWith('!')), toRegex);
  const exclude = compileGlobs(globsOf(scope.filter((g) => g.startsWith('!'))), toRegex);
  return (path) => include(path) && !exclude(path);
}
