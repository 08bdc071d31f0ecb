import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigFile } from './config-file.js';
import { repoInfo } from './repo.js';
import { gitOrNull } from './run.js';

/**
 * The repository's own config file (.git/config; includes not followed, as `git config --local`
 * reads it): each key as git prints it (section and name lowercased) with its values in file order.
 * Read straight from the file where this reader is sure of it, else from one git process. Callers
 * compare and write only what is missing, so a re-run costs this one read.
 */
export async function readLocalConfig(cwd: string): Promise<Map<string, string[]>> {
  return (await localConfigFromFile(cwd)) ?? readConfig(cwd, ['--local']);
}

async function localConfigFromFile(cwd: string): Promise<Map<string, string[]> | null> {
  // GIT_CONFIG (git config's default file) and GIT_DIR/GIT_COMMON_DIR can move what --local reads.
  if (process.env.GIT_CONFIG || process.env.GIT_DIR || process.env.GIT_COMMON_DIR) return null;
  try {
    return parseConfigFile(readFileSync(join((await repoInfo(cwd)).commonDir, 'config'), 'utf8'));
  } catch {
    return null;
  }
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
