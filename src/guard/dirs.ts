import { resolve } from 'node:path';
import type { SimpleCommand } from './shell-words.js';
import { gitSubcommand } from './words.js';

/**
 * The folder each command of a Bash command line runs in: `cd DIR` moves the commands after it (a
 * `cd` the guard cannot read — `cd $X`, `cd -` — leaves them where they were), and a git command's
 * `-C DIR` / `--work-tree DIR` move that git alone. Read in order, as the shell would for `&&` and
 * `;` (a subshell's `cd` is taken to last: a guess on the side of looking). Pure.
 */
export function commandDirs(commands: readonly SimpleCommand[], cwd: string, home: string | undefined): string[] {
  let dir = cwd;
  return commands.map((command) => {
    const here = gitDir(command, dir);
    if (command.words[0] === 'cd') {
      const target = command.words.find((word, i) => i > 0 && !word.startsWith('-'));
      if (target === undefined) dir = home ?? dir;
      else if (readable(target) && !/[*?[]/.test(target)) dir = resolve(dir, target);
    }
    return here;
  });
}

/** A folder the shell passes on as written (no `$…`, no backquotes, no `~`). */
const readable = (path: string | undefined): path is string => path !== undefined && !/[$`]/.test(path) && !path.startsWith('~');

/** Where `git -C A -C B … --work-tree W` runs: each -C relative to the one before. */
function gitDir(command: SimpleCommand, dir: string): string {
  let at = dir;
  for (const [name, value] of gitSubcommand(command.words)?.globals ?? []) if ((name === '-C' || name === '--work-tree') && readable(value)) at = resolve(at, value);
  return at;
}

/** git subcommands that change a checkout's HEAD, index or files (not only the shared refs and objects). */
export const CHECKOUT_CHANGING = new Set([
  'add', 'am', 'apply', 'checkout', 'checkout-index', 'cherry-pick', 'clean', 'commit', 'merge', 'mv', 'pull',
  'read-tree', 'rebase', 'reset', 'restore', 'revert', 'rm', 'stash', 'switch', 'update-index',
]);
