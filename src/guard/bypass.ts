import { aliasDefinitions } from './aliases.js';
import { unreadableGitOptions } from './git-refs.js';
import type { SimpleCommand } from './shell-words.js';
import { commandsOf } from './unwrap.js';
import { basename, gitSubcommand } from './words.js';

/**
 * Why a Bash command would switch agent-guard off, or null when it would not. Reads the command as
 * shell words, so a commit message that merely mentions "--no-verify" is not a bypass; commands
 * inside `bash -c`, `eval`, `env`, `xargs`… are read too.
 */
export function bypassReason(command: string): string | null {
  return bypassReasonOf(commandsOf(command));
}

export function bypassReasonOf(commands: SimpleCommand[]): string | null {
  for (const simple of commands) {
    const reason = assignmentBypass(simple) ?? gitBypass(simple) ?? fileBypass(simple) ?? unreadable(simple);
    if (reason) return reason;
  }
  for (const alias of aliasDefinitions(commands)) {
    if (alias.runs === null) return `it defines the git alias "${alias.name}" with a value the shell fills in, so agent-guard cannot tell what it runs; write the value out`;
    const inner = bypassReasonOf(alias.runs);
    if (inner) return `it defines the git alias "${alias.name}", which runs what agent-guard refuses: ${inner}`;
  }
  return null;
}

function unreadable(simple: SimpleCommand): string | null {
  const word = unreadableGitOptions(simple);
  return word === null ? null : `\`${word}\` is expanded by the shell where git reads options, so agent-guard cannot tell whether it is --no-verify; write the options out`;
}

// Files whose change turns hooks or the agent's identity off: hooks, manifests, git and Claude settings,
// the hook managers' configs that run agent-guard's check (pre-commit framework, lefthook), and the
// agent clients' hook files spawn writes (clients/hook-files.ts).
const GUARD_FILES = [/(^|\/)\.(codex|gemini|qwen|factory|cursor)\/(hooks|settings)\.json$/, /(^|\/)\.github\/hooks\/agent-guard\.json$/, /(^|\/)\.opencode\/plugins?(\/|$)/, /(^|\/)opencode\.jsonc?$/, /(^|\/)\.clinerules\/hooks(\/|$)/, /(^|\/)\.pre-commit-config\.yaml$/, /(^|\/)\.?lefthook(-local)?\.(yml|yaml|toml|json)$/, /(^|\/)\.husky(\/|$)/, /(^|\/)\.git\/hooks(\/|$)/, /(^|\/)agent-guard\/((linked-)?hooks|manifest\.json|cache\.json|install\.json|worktrees\.config|opencode-plugin\.js)/, /(^|\/)\.claude\/settings(\.local)?\.json$/, /(^|\/)\.git\/config$/, /(^|\/)config\.worktree$/];
const WRITERS = new Set(['rm', 'mv', 'cp', 'tee', 'chmod', 'chown', 'ln', 'truncate', 'touch', 'unlink', 'install', 'sed', 'perl', 'dd', 'rsync', 'shred']);
// husky's, lefthook's and the pre-commit framework's own off switches (SKIP lists hook ids), and agent-guard's variables
const ENV_SWITCHES = /^(HUSKY=0|HUSKY_SKIP_HOOKS=|LEFTHOOK=(0|false)|LEFTHOOK_(EXCLUDE|CONFIG)=|SKIP=.*agent-guard|PRE_COMMIT_ALLOW_NO_CONFIG=|AGENT_GUARD_[A-Z_]*=)/;
// git's config from the environment outranks every config file, the worktree's own too: `git -c` by other means
const HOOKS_PATH_ENV = /^(GIT_CONFIG_KEY_\d+=\s*core\.hookspath\s*$|GIT_CONFIG_PARAMETERS=.*core\.hookspath)/i;

function assignmentBypass({ assignments, words }: SimpleCommand): string | null {
  const set = [...assignments, ...(['export', 'env', 'declare', 'typeset'].includes(words[0] ?? '') ? words.slice(1) : [])];
  const hooksPath = set.find((word) => HOOKS_PATH_ENV.test(word));
  if (hooksPath) return `setting ${hooksPath.split('=')[0]} points core.hooksPath somewhere else`;
  const hit = set.find((word) => ENV_SWITCHES.test(word));
  return hit ? `setting ${hit.split('=')[0]} switches the hooks off or changes which agent is checked` : null;
}

function fileBypass({ words, writes }: SimpleCommand): string | null {
  const target = writes.find(isGuardFile) ?? (WRITERS.has(basename(words[0] ?? '')) ? words.slice(1).find(isGuardFile) : undefined);
  return target ? `it would change ${target}, which keeps agent-guard's hooks or settings` : null;
}

function isGuardFile(word: string): boolean {
  return GUARD_FILES.some((pattern) => pattern.test(word.replace(/^(of=|--target-directory=)/, '')));
}

// Options of `git commit` whose value is the next word (so that word is never read as a flag).
const COMMIT_LONG_WITH_VALUE = new Set(['--message', '--file', '--author', '--date', '--reuse-message', '--reedit-message', '--fixup', '--squash', '--template', '--cleanup', '--trailer', '--pathspec-from-file']);

function gitBypass({ words }: SimpleCommand): string | null {
  const git = gitSubcommand(words);
  if (git === null) return null;
  const setsHooksPath = ([name, value]: [string, string | undefined]) => (name === '-c' || name === '--config-env') && value !== undefined && /^core\.hookspath(=|$)/i.test(value);
  if (git.globals.some(setsHooksPath)) return 'it points core.hooksPath somewhere else';
  const { sub, args } = git;
  if (sub === 'commit' && commitSkipsHooks(args)) return '`git commit --no-verify` / `-n` skips the pre-commit hook';
  if (sub === 'push') return pushBypass(args);
  if (sub === 'replace' && !isReplaceListing(args)) return REPLACE;
  if (sub === 'update-ref' && args.some((a) => /^refs\/replace\//.test(a))) return REPLACE;
  if ((sub === 'fetch' || sub === 'pull') && args.some((a) => /:(refs\/)?replace\//.test(a.replace(/^\+/, '')))) return REPLACE;
  // the scope check lets `git checkout HEAD -- PATHS` and restores from HEAD through (no change from
  // HEAD), but putting back a committed version of a hook or settings file may switch the guard off
  const restored = ['checkout', 'restore', 'rm'].includes(sub ?? '') ? args.find(isGuardFile) : undefined;
  if (restored) return `it would change ${restored}, which keeps agent-guard's hooks or settings`;
  if (sub === 'config') {
    const reading = args.some((a) => ['--get', '--get-all', '--get-regexp', '-l', '--list', '--show-origin'].includes(a));
    if (!reading && args.some((a) => /^(core\.hookspath|extensions\.worktreeconfig|core\.repositoryformatversion)$/i.test(a))) {
      return 'it changes where git looks for hooks';
    }
  }
  return null;
}

const REPLACE = '`git replace` (a ref under refs/replace/) makes every git command in every worktree, agent-guard\'s own checks included, see other objects than the commits hold';

/**
 * Pushes that can move or delete refs nobody named: `--mirror` and `--prune` (every ref of the
 * remote), a forced `--all` (the base and other agents' branches with it), and any push to
 * agent-guard's own refs (the claims table). A named destination branch is judged by its owner
 * (git-refs.ts), with the config.
 */
function pushBypass(args: string[]): string | null {
  if (args.some(isNoVerify)) return '`git push --no-verify` skips the pre-push hook';
  if (args.includes('--mirror')) return '`git push --mirror` overwrites or deletes every ref of the remote: the base branch, other agents\' branches and agent-guard\'s claims';
  if (args.includes('--prune')) return '`git push --prune` deletes every remote branch this clone does not have: the base branch and other agents\' branches among them';
  const forced = args.some((a) => /^--force(-with-lease|-if-includes)?(=|$)/.test(a) || /^-[a-zA-Z]*f/.test(a));
  if (forced && args.some((a) => a === '--all' || a === '--branches')) return '`git push --all --force` force-moves every branch of the remote, the base and other agents\' branches among them';
  const ours = args.find((a) => !a.startsWith('-') && /(^|:)\+?refs\/agent-guard\//.test(a));
  if (ours) return `it pushes to ${ours.replace(/^.*:/, '')}, agent-guard's own ref (the claims table): only agent-guard's claims commands write it`;
  return null;
}

/** `git replace`, `git replace -l [PATTERN]`, `--format=…`: reading the replace refs, which changes nothing. */
function isReplaceListing(args: string[]): boolean {
  const changing = args.some((a) => /^(-[dfeg]|--(delete|force|edit|graft|convert-graft-file|raw))$/.test(a));
  return !changing && (args.length === 0 || args.some((a) => a === '-l' || a === '--list'));
}

/** `--no-verify`, or a prefix git would accept for it (`--no-verif`). */
function isNoVerify(arg: string): boolean {
  return arg.length >= '--no-veri'.length && '--no-verify'.startsWith(arg);
}

function commitSkipsHooks(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return false;
    if (isNoVerify(arg)) return true;
    if (COMMIT_LONG_WITH_VALUE.has(arg)) i++;
    else if (/^-[^-]/.test(arg)) {
      // A cluster of short options: -n anywhere before a letter that takes the rest as its value.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (letter === 'n') return true;
        if ('mFCct'.includes(letter)) {
          if (j === arg.length - 1) i++; // the value is the next word
          break;
        }
        if ('Su'.includes(letter)) break; // optional value, attached
      }
    }
  }
  return false;
}
