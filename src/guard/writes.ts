import type { SimpleCommand } from './shell-words.js';
import { basename, gitSubcommand } from './words.js';

/**
 * The files a command would write, create or delete, as the words name them (relative to the
 * command's directory): redirection targets, and the file operands of the usual writers. Pure;
 * `isDirectory` tells whether an existing destination is a folder (`cp a b/` writes `b/a`).
 */
export interface WriteTarget {
  path: string;
  how: string;
}

const DEVICES = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;

export function writeTargets(command: SimpleCommand, isDirectory: (path: string) => boolean): WriteTarget[] {
  const targets: WriteTarget[] = command.writes.filter((w) => !w.startsWith('&') && !DEVICES.test(w)).map((path) => ({ path, how: 'a redirection (>)' }));
  const [first, ...args] = command.words;
  const name = basename(first ?? '');
  const operands = (skip: Set<string> = new Set()) => positional(args, skip);
  switch (name) {
    case 'tee':
      targets.push(...operands().map((path) => ({ path, how: 'tee' })));
      break;
    case 'rm':
    case 'rmdir':
    case 'unlink':
    case 'touch':
    case 'mkdir':
    case 'shred':
      targets.push(...operands(new Set(['-m', '--mode', '-r', '--reference', '-d', '--date', '-t', '-n', '-s'].filter(() => name !== 'rm'))).map((path) => ({ path, how: name })));
      break;
    case 'truncate':
      targets.push(...operands(new Set(['-s', '--size', '-r', '--reference'])).map((path) => ({ path, how: name })));
      break;
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln': {
      const files = operands(new Set(['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group']));
      const targetDir = optionValue(args, ['-t', '--target-directory']);
      const sources = targetDir !== null ? files : files.slice(0, -1);
      const dest = targetDir ?? files.at(-1);
      if (dest === undefined || (targetDir === null && files.length < 2 && name !== 'ln')) break;
      if (name === 'ln' && targetDir === null && files.length === 1) {
        targets.push({ path: basename(files[0]!), how: name });
        break;
      }
      const intoFolder = targetDir !== null || isDirectory(dest) || dest.endsWith('/');
      for (const source of sources) targets.push({ path: intoFolder ? `${dest.replace(/\/+$/, '')}/${basename(source.replace(/\/+$/, ''))}` : dest, how: name });
      if (name === 'mv') targets.push(...sources.map((path) => ({ path, how: 'mv (moved away)' })));
      break;
    }
    case 'sed':
    case 'perl':
      if (args.some((a) => (name === 'sed' ? /^(-i|--in-place)/.test(a) || /^-[a-zA-Z]*i/.test(a) : /^-[a-zA-Z]*i/.test(a)))) {
        targets.push(...inPlaceFiles(name, args).map((path) => ({ path, how: `${name} -i` })));
      }
      break;
    case 'git':
      targets.push(...gitWrites(command.words, isDirectory));
      break;
  }
  return targets;
}

/** Words that are not options (and not the values of `withValue` options); `--` ends the options. */
export function positional(args: string[], withValue: Set<string>): string[] {
  const out: string[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (options && arg === '--') options = false;
    else if (options && arg.startsWith('-') && arg !== '-') {
      if (withValue.has(arg)) i++;
    } else out.push(arg);
  }
  return out;
}

function optionValue(args: string[], names: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (names.includes(arg)) return args[i + 1] ?? null;
    const eq = names.find((n) => n.startsWith('--') && arg.startsWith(`${n}=`));
    if (eq) return arg.slice(eq.length + 1);
  }
  return null;
}

/** The files of `sed -i SCRIPT FILES` / `sed -i -e S FILES` / `perl -pi -e CODE FILES`. */
function inPlaceFiles(name: string, args: string[]): string[] {
  const files: string[] = [];
  let script = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-e' || arg === '--expression' || arg === '-f' || arg === '--file' || (name === 'perl' && /^-[a-zA-Z]*e$/.test(arg))) {
      script = true;
      i++;
    } else if (arg.startsWith('-')) continue;
    else if (!script && name === 'sed') script = true; // the first operand is the script
    else files.push(arg);
  }
  return files;
}

/**
 * `git checkout [REF] -- PATHS`, `git restore PATHS` and `git rm PATHS` write those paths — except
 * where they only put HEAD's version back (`git checkout HEAD -- PATHS`, a restore from HEAD) or only
 * unstage (`git restore --staged`): what a refusal or the PostToolUse report asks an agent to run.
 */
function gitWrites(words: string[], isDirectory: (path: string) => boolean): WriteTarget[] {
  const { sub, args: rest } = gitSubcommand(words)!;
  if (sub === 'mv') {
    // like mv: the destination is written, and every source is moved away (an out-of-scope source too)
    const files = positional(rest, new Set());
    if (files.length < 2) return [];
    const dest = files.at(-1)!;
    const intoFolder = files.length > 2 || isDirectory(dest) || dest.endsWith('/');
    return files.slice(0, -1).flatMap((source) => [
      { path: intoFolder ? `${dest.replace(/\/+$/, '')}/${basename(source.replace(/\/+$/, ''))}` : dest, how: 'git mv' },
      { path: source, how: 'git mv (moved away)' },
    ]);
  }
  if (sub === 'checkout') {
    const dash = rest.indexOf('--');
    if (dash < 0 || (dash === 1 && isHead(rest[0]!))) return [];
    return rest.slice(dash + 1).map((path) => ({ path, how: 'git checkout --' }));
  }
  if (sub === 'restore' && !restoreChanges(rest)) return [];
  if (sub === 'restore' || sub === 'rm') return positional(rest, new Set(['-s', '--source', '--pathspec-from-file'])).map((path) => ({ path, how: `git ${sub}` }));
  return [];
}

const isHead = (ref: string) => ref === 'HEAD' || ref === '@';

/**
 * Whether `git restore ARGS` can make a file differ from HEAD: not when it only unstages (--staged,
 * -S, without --worktree, -W), nor when its source is HEAD (given, or by default with --staged).
 */
function restoreChanges(args: string[]): boolean {
  let staged = false;
  let worktree = false;
  let source: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '--staged') staged = true;
    else if (arg === '--worktree') worktree = true;
    else if (arg === '--source' || arg === '-s') source = args[++i] ?? '';
    else if (arg.startsWith('--source=')) source = arg.slice('--source='.length);
    else if (/^-[A-Za-z]/.test(arg) && !arg.startsWith('--')) {
      for (let at = 1; at < arg.length; at++) {
        const flag = arg[at];
        if (flag === 's') {
          source = at + 1 < arg.length ? arg.slice(at + 1) : (args[++i] ?? ''); // -sREF or -s REF
          break;
        }
        if (flag === 'S') staged = true;
        if (flag === 'W') worktree = true;
      }
    }
  }
  if (staged && !worktree) return false;
  return !isHead(source ?? (staged ? 'HEAD' : 'the index'));
}

/** The paths a patch (`git apply`, `git am`) touches: its `--- a/`, `+++ b/` and rename lines. Pure. */
export function unifiedDiffPaths(text: string): string[] {
  const paths = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^(?:--- a\/|\+\+\+ b\/|rename (?:from|to) |copy (?:from|to) )(.+)$/.exec(line);
    if (match) paths.add(match[1]!.replace(/\t.*$/, ''));
  }
  return [...paths];
}

/** The patch files of `git apply FILES` / `git am FILES` (none: the patch comes on stdin). */
export function patchFiles(command: SimpleCommand): string[] {
  const git = gitSubcommand(command.words);
  if (!git || (git.sub !== 'apply' && git.sub !== 'am')) return [];
  return positional(git.args, new Set(['-p', '-C', '--directory', '--include', '--exclude', '--whitespace', '-S', '--patch-format']));
}
