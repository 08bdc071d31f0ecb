import { gitOrNull } from './run.js';

/**
 * The repository's own config file (.git/config; includes not followed, as `git config --local`
 * reads it) in one process: each key as git prints it (section and name lowercased) with its values
 * in file order. Callers compare and write only what is missing, so a re-run costs this one read.
 */
export async function readLocalConfig(cwd: string): Promise<Map<string, string[]>> {
  return readConfig(cwd, ['--local']);
}

/** Every config value git sees here (system, global, repository, worktree; includes followed), in the same form. */
export async function readEffectiveConfig(cwd: string): Promise<Map<string, string[]>> {
  return readConfig(cwd, []);
}

async function readConfig(cwd: string, scope: string[]): Promise<Map<string, string[]>> {
  const out = (await gitOrNull(cwd, ['config', ...scope, '--list', '-z'])) ?? '';
  const config = new Map<string, string[]>();
  for (const entry of out.split('\0')) {
    if (!entry) continue;
    const newline = entry.indexOf('\n');
    const key = newline < 0 ? entry : entry.slice(0, newline);
    const value = newline < 0 ? '' : entry.slice(newline + 1);
    config.set(key, [...(config.get(key) ?? []), value]);
  }
  return config;
}

/** The value `git config --get` would return (the last one set), or undefined. `key` as git prints it. */
export function lastValue(config: Map<string, string[]>, key: string): string | undefined {
  return config.get(key)?.at(-1);
}

/**
 * A value written into a git config file by hand, quoted so git reads back exactly `value`:
 * inside double quotes only `"` and `\` need escaping (and newline/tab, spelled \n and \t).
 */
export function configValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}
