import type { SimpleCommand } from './shell-words.js';
import { commandsOf } from './unwrap.js';
import { gitSubcommand } from './words.js';

/** What an alias defined in a command runs, or an unreadable definition (`--config-env`, `$VAR`). */
export interface AliasDefinition {
  name: string;
  /** The commands it runs when used (a `!` alias is a shell command), or null when its value cannot be read. */
  runs: SimpleCommand[] | null;
}

/**
 * The git aliases a command defines: `git config [set] [--global…] alias.NAME VALUE`,
 * `git -c alias.NAME=VALUE …` and `GIT_CONFIG_KEY_n=alias.NAME GIT_CONFIG_VALUE_n=VALUE`. The guard
 * judges what each runs as if it ran now: an alias is a command written down for later, and
 * `git ci` is whatever `alias.ci` says. Pure.
 */
export function aliasDefinitions(commands: readonly SimpleCommand[]): AliasDefinition[] {
  return commands.flatMap((simple) => [...fromGit(simple), ...fromEnvironment(simple)]);
}

function fromGit({ words }: SimpleCommand): AliasDefinition[] {
  const git = gitSubcommand(words);
  if (!git) return [];
  const found: AliasDefinition[] = [];
  for (const [option, value] of git.globals) {
    if (value === undefined) continue;
    if (option === '-c' && /^alias\./i.test(value)) {
      const eq = value.indexOf('=');
      found.push(definition(value.slice(6, eq < 0 ? undefined : eq), eq < 0 ? 'true' : value.slice(eq + 1)));
    }
    if (option === '--config-env' && /^alias\./i.test(value)) found.push({ name: value.slice(6).split('=')[0]!, runs: null });
  }
  if (git.sub === 'config') {
    const args = git.args[0] === 'set' ? git.args.slice(1) : git.args;
    const at = args.findIndex((a) => /^alias\./i.test(a));
    const reading = args.some((a) => ['--get', '--get-all', '--get-regexp', '-l', '--list', '--unset', '--unset-all', 'get', 'unset', 'list'].includes(a));
    if (at >= 0 && !reading && args[at + 1] !== undefined) found.push(definition(args[at]!.slice(6), args[at + 1]!));
  }
  return found;
}

function fromEnvironment({ assignments, words }: SimpleCommand): AliasDefinition[] {
  const set = [...assignments, ...(['export', 'env'].includes(words[0] ?? '') ? words.slice(1) : [])];
  const value = (name: string) => set.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  const found: AliasDefinition[] = [];
  for (const word of set) {
    const key = /^GIT_CONFIG_KEY_(\d+)=\s*alias\.(.+?)\s*$/i.exec(word);
    if (key) {
      const runs = value(`GIT_CONFIG_VALUE_${key[1]}`);
      found.push(runs === undefined ? { name: key[2]!, runs: null } : definition(key[2]!, runs));
    }
    const parameters = /^GIT_CONFIG_PARAMETERS=(.*)$/s.exec(word);
    if (parameters) for (const [, name, runs] of parameters[1]!.matchAll(/'alias\.([^'=]+)'?='?([^']*)'/gi)) found.push(definition(name!, runs!));
  }
  return found;
}

function definition(name: string, value: string): AliasDefinition {
  // a `!` alias is shell, read as any command is; in a git alias `$` is git's literal, so a `$` there came from the shell
  if (value.startsWith('!')) return { name, runs: commandsOf(value.slice(1)) };
  return { name, runs: /[$`]/.test(value) ? null : commandsOf(`git ${value}`) };
}
