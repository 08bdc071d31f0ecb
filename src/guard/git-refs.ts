import type { SimpleCommand } from './shell-words.js';
import { gitSubcommand } from './unwrap.js';

/**
 * The branches a git command would move or delete by name: `update-ref`, `branch -f|-D|-M|-m`,
 * `reset` onto a branch, and the destinations of `push` refspecs. The guard refuses them when they
 * are the base branch or another agent's: that is the merge queue's job, not an agent's. Pure.
 */
export function branchesNamed(command: SimpleCommand): { branch: string; how: string }[] {
  const git = gitSubcommand(command.words);
  if (!git) return [];
  const { sub, args: rest } = git;
  const plain = rest.filter((a) => !a.startsWith('-'));
  const short = (ref: string) => ref.replace(/^refs\/heads\//, '');
  switch (sub) {
    case 'update-ref':
      return plain.slice(0, 1).map((ref) => ({ branch: short(ref), how: 'git update-ref' }));
    case 'branch': {
      const forcing = rest.some((a) => /^-[a-zA-Z]*[fDMm]/.test(a) || ['--force', '--delete', '--move', '--copy'].includes(a));
      return forcing ? plain.map((ref) => ({ branch: short(ref), how: 'git branch -f/-D/-M' })) : [];
    }
    case 'reset':
      return plain.filter((a) => a !== 'HEAD' && !/^HEAD[~^]/.test(a)).slice(0, 1).map((ref) => ({ branch: short(ref.replace(/^origin\//, '')), how: 'git reset' }));
    case 'push': {
      const refspecs = plain.slice(1); // after the remote
      return refspecs.map((spec) => ({ branch: short(spec.replace(/^\+/, '').split(':').at(-1)!), how: 'git push' }));
    }
    default:
      return [];
  }
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
