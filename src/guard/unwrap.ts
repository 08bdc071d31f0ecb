import { parseShell, type SimpleCommand } from './shell-words.js';
import { basename } from './words.js';

/**
 * Every command a Bash line runs, with the ones inside wrappers read as commands of their own:
 * `bash -c '…'`, `sh -c`, `zsh -c`, `eval …`, `env VAR=x cmd`, `nohup cmd`, `time cmd`,
 * `timeout 10 cmd`, `xargs cmd`, `command cmd`, `exec cmd`, `nice cmd`. Pure.
 */
export function commandsOf(source: string, depth = 0): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const command of parseShell(source)) out.push(...expand(command, depth));
  return out;
}

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);

function expand(command: SimpleCommand, depth: number): SimpleCommand[] {
  if (depth > 8) return [command];
  const name = basename(command.words[0] ?? '');
  const rest = command.words.slice(1);
  if (SHELLS.has(name)) {
    const script = shellScript(rest);
    return script === null ? [command] : [command, ...commandsOf(script, depth + 1)];
  }
  if (name === 'eval') return [command, ...commandsOf(rest.join(' '), depth + 1)];
  const inner = wrapped(name, rest);
  if (inner === null || inner.words.length === 0) return [command];
  return [command, ...expand({ assignments: [...command.assignments, ...inner.assignments], words: inner.words, writes: command.writes }, depth + 1)];
}

/** The script of `bash -c SCRIPT` / `bash -lc SCRIPT`, or null. */
function shellScript(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) return null;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg)) return args[i + 1] ?? null;
    if (arg === '-o' || arg === '+o') i++;
  }
  return null;
}

// Options of the wrappers that take a value as the next word.
const WITH_VALUE: Record<string, Set<string>> = {
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
  timeout: new Set(['-s', '--signal', '-k', '--kill-after']),
  xargs: new Set(['-n', '--max-args', '-I', '-i', '-L', '-l', '-P', '--max-procs', '-d', '--delimiter', '-a', '--arg-file', '-E', '-e', '-s', '--max-chars']),
  nice: new Set(['-n', '--adjustment']),
  time: new Set(['-f', '--format', '-o', '--output']),
  command: new Set(),
  exec: new Set(['-a']),
  nohup: new Set(),
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-U', '-r', '-t']),
};

/** The command a wrapper runs (`env A=1 git …` → `git …`), or null when `name` is no wrapper. */
function wrapped(name: string, args: string[]): { assignments: string[]; words: string[] } | null {
  const withValue = WITH_VALUE[name];
  if (!withValue) return null;
  const assignments: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
      assignments.push(arg);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (withValue.has(arg)) i++;
  }
  if (name === 'timeout') i++; // the duration
  return { assignments, words: args.slice(i) };
}
