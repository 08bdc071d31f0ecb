import micromatch from 'micromatch';

export type PathTest = (path: string) => boolean;

const MATCH_OPTIONS = { dot: true } as const;
const never: PathTest = () => false;

/**
 * One compiled test for a list of globs: true when any glob matches. Compile once, call per path.
 * micromatch's regexes use `.` for "any character but /", which skips a newline; git paths may hold
 * newlines, so each regex is rebuilt with the dotAll flag and all are joined into one alternation.
 */
export function compileGlobs(globs: readonly string[]): PathTest {
  if (globs.length === 0) return never;
  const sources = globs.map((glob) => `(?:${micromatch.makeRe(glob, MATCH_OPTIONS).source})`);
  const regex = new RegExp(sources.join('|'), 's');
  return (path) => regex.test(path);
}

/** An agent's scope: its positive globs minus its `!` globs. */
export function compileScope(scope: readonly string[]): PathTest {
  const include = compileGlobs(scope.filter((g) => !g.startsWith('!')));
  const exclude = compileGlobs(scope.filter((g) => g.startsWith('!')).map((g) => g.slice(1)));
  return (path) => include(path) && !exclude(path);
}
