import type { SimpleCommand } from './shell-words.js';
import { gitSubcommand } from './words.js';
import { positional } from './writes.js';

/** A branch a git command names: one it would move or delete, or check out in this worktree. */
export interface NamedBranch {
  branch: string;
  how: string;
  /** The command names refs git reads from elsewhere (stdin, a glob): which ones cannot be known. */
  unreadable?: true;
}

/**
 * The branches a git command would move, delete, or put this worktree on, by name: `update-ref`,
 * `symbolic-ref HEAD`, `branch -f|-D|-M|-m`, `reset` onto a branch, `checkout`/`switch` (and their
 * -B/-C), `worktree add`, the branch `rebase` starts from, the local destinations of `fetch`/`pull`
 * refspecs and the destinations of `push` refspecs. The guard refuses them when they are the base
 * branch or another agent's: landing work there is the merge queue's job, not an agent's. Pure.
 */
export function branchesNamed(command: SimpleCommand): NamedBranch[] {
  const git = gitSubcommand(command.words);
  if (!git) return [];
  const { sub, args: rest } = git;
  const plain = rest.filter((a) => !a.startsWith('-'));
  const named = (refs: (string | undefined)[], how: string) => refs.filter((r): r is string => r !== undefined && r !== '').map((ref) => ({ branch: short(ref), how }));
  switch (sub) {
    case 'update-ref':
      if (rest.includes('--stdin')) return [{ branch: '(read from stdin)', how: 'git update-ref --stdin', unreadable: true }];
      return named(plain.slice(0, 1), 'git update-ref');
    case 'symbolic-ref': {
      const args = positional(rest, new Set(['-m']));
      return args.length >= 2 && args[0] === 'HEAD' ? named([args[1]], 'git symbolic-ref HEAD') : [];
    }
    case 'branch': {
      const forcing = rest.some((a) => /^-[a-zA-Z]*[fDMm]/.test(a) || ['--force', '--delete', '--move', '--copy'].includes(a));
      return forcing ? named(plain, 'git branch -f/-D/-M') : [];
    }
    case 'reset':
      return plain.filter((a) => a !== 'HEAD' && !/^HEAD[~^]/.test(a)).slice(0, 1).map((ref) => ({ branch: short(ref.replace(/^origin\//, '')), how: 'git reset' }));
    case 'checkout':
    case 'switch':
      return switchTargets(sub, rest);
    case 'worktree': {
      if (rest[0] !== 'add') return [];
      const args = rest.slice(1);
      const created = optionValues(args, ['-b', '-B']);
      const operands = positional(args, new Set(['-b', '-B', '--reason']));
      // with -b/-B the commit-ish is only where the new branch starts
      return created.length ? named(created, 'git worktree add -b/-B') : named(operands.slice(1, 2), 'git worktree add');
    }
    case 'rebase': {
      // `git rebase UPSTREAM BRANCH` checks BRANCH out first, then rewrites it
      const operands = positional(rest, new Set(['--onto', '-s', '--strategy', '-X', '--strategy-option', '-x', '--exec', '-C', '--whitespace']));
      return named(operands.slice(1, 2), 'git rebase (its branch argument)');
    }
    case 'fetch':
    case 'pull': {
      const refspecs = positional(rest, new Set(['--depth', '--deepen', '--shallow-since', '--shallow-exclude', '-j', '--jobs', '--upload-pack', '-o', '--server-option', '--negotiation-tip', '--refmap', '-s', '--strategy', '-X', '--strategy-option'])).slice(1);
      return refspecs.flatMap((spec) => {
        const at = spec.indexOf(':');
        if (at < 0) return [];
        const dst = spec.slice(at + 1);
        if (dst === '' || /^refs\/(?!heads\/)/.test(dst)) return []; // remote-tracking, tags, notes: not a branch
        if (dst.includes('*')) return [{ branch: dst, how: `git ${sub} into ${dst}`, unreadable: true as const }];
        return named([dst], `git ${sub} into a local branch`);
      });
    }
    case 'push': {
      const refspecs = plain.slice(1); // after the remote
      return refspecs.map((spec) => ({ branch: short(spec.replace(/^\+/, '').split(':').at(-1)!), how: 'git push' }));
    }
    default:
      return [];
  }
}

const short = (ref: string) => ref.replace(/^\+/, '').replace(/^(refs\/)?heads\//, '');

/**
 * The branch `git checkout`/`git switch` would put this worktree on (or create, or reset with
 * -B/-C). `checkout REF -- PATHS` restores files and stays put; --detach leaves every branch alone.
 */
function switchTargets(sub: 'checkout' | 'switch', args: string[]): NamedBranch[] {
  const dash = args.indexOf('--');
  const options = dash < 0 ? args : args.slice(0, dash);
  if (sub === 'checkout' && dash >= 0) return [];
  const creating = sub === 'checkout' ? ['-b', '-B', '--orphan'] : ['-c', '-C', '--create', '--force-create', '--orphan'];
  const created = optionValues(options, creating);
  const detached = options.some((a) => a === '--detach' || (sub === 'checkout' && a === '-d'));
  const how = `git ${sub}`;
  const result: NamedBranch[] = created.map((branch) => ({ branch: short(branch), how: `${how} (creating or resetting it)` }));
  if (created.length > 0 || detached) return result;
  const operands = positional(options, new Set(['--conflict', '--pathspec-from-file']));
  if (sub === 'checkout' && operands.length !== 1) return result; // `checkout A B`: paths
  return [...result, ...operands.slice(0, 1).filter((ref) => ref !== '-').map((ref) => ({ branch: short(ref), how }))];
}

/** The values of the given options (`-b NAME`, `-bNAME`, `--create=NAME`). */
function optionValues(args: string[], names: string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (names.includes(arg)) values.push(args[++i] ?? '');
    else {
      const long = names.find((n) => n.startsWith('--') && arg.startsWith(`${n}=`));
      if (long) values.push(arg.slice(long.length + 1));
      else if (/^-[a-zA-Z]/.test(arg) && !arg.startsWith('--') && names.includes(arg.slice(0, 2)) && arg.length > 2) values.push(arg.slice(2));
    }
  }
  return values;
}

/**
 * Words of a `git commit` / `git push` that the shell expands before git sees them ($VAR, $(…),
 * `…`) in a place where git reads options: what they become cannot be read, so cannot be allowed.
 * A message (`-m "$(cat <<'EOF' …)"`) is a value, not an option, and passes.
 */
export function unreadableGitOptions(command: SimpleCommand): string | null {
  const git = gitSubcommand(command.words);
  if (!git || (git.sub !== 'commit' && git.sub !== 'push')) return null;
  const { sub, args: rest } = git;
  const withValue = sub === 'commit' ? COMMIT_WITH_VALUE : PUSH_WITH_VALUE;
  for (let j = 0; j < rest.length; j++) {
    const arg = rest[j]!;
    if (arg === '--') break;
    if (withValue.has(arg)) {
      j++;
      continue;
    }
    if (/^--[a-z-]+=/.test(arg) && withValue.has(arg.slice(0, arg.indexOf('=')))) continue;
    if (/^-[mFC]./.test(arg) && sub === 'commit') continue; // -m"text": the value is attached
    if (/\$|`/.test(arg)) return arg;
  }
  return null;
}

const COMMIT_WITH_VALUE = new Set(['-m', '--message', '-F', '--file', '-C', '--reuse-message', '-c', '--reedit-message', '--author', '--date', '--fixup', '--squash', '-t', '--template', '--cleanup', '--trailer', '--pathspec-from-file']);
const PUSH_WITH_VALUE = new Set(['-o', '--push-option', '--receive-pack', '--exec', '--repo']);
