/** The guard's helpers for the words of one command: a program's name, git's subcommand and its options. Pure. */

// git's global options that take a separate value.
const GIT_GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix']);

export interface GitCall {
  /** The global options before the subcommand, each with its value (`-c K=V`, `-cK=V`, `--work-tree=W`), or undefined. */
  globals: [string, string | undefined][];
  sub: string | undefined;
  args: string[];
}

/** `git [global options] SUB ARGS…` as its global options, subcommand and arguments; null for another command. */
export function gitSubcommand(words: readonly string[]): GitCall | null {
  if (basename(words[0] ?? '') !== 'git') return null;
  const globals: [string, string | undefined][] = [];
  let i = 1;
  for (; i < words.length && words[i]!.startsWith('-'); i++) {
    const word = words[i]!;
    const eq = word.indexOf('=');
    if (GIT_GLOBAL_WITH_VALUE.has(word)) globals.push([word, words[++i]]);
    else if (word.startsWith('--') && eq > 0) globals.push([word.slice(0, eq), word.slice(eq + 1)]);
    else if (word.startsWith('-c') && word.length > 2) globals.push(['-c', word.slice(2)]);
    else globals.push([word, undefined]);
  }
  return { globals, sub: words[i], args: words.slice(i + 1) };
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
