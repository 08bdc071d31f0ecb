import { closeSync, lstatSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseConfigFile, withConfigValues, type ConfigChange } from './config-file.js';
import { repoInfo } from './repo.js';
import { git, gitOrNull } from './run.js';

/**
 * The repository's own config file (.git/config; includes not followed, as `git config --local`
 * reads it): each key as git prints it (section and name lowercased) with its values in file order.
 * Read straight from the file where this reader is sure of it, else from one git process. Callers
 * compare and write only what is missing, so a re-run costs this one read.
 */
export async function readLocalConfig(cwd: string): Promise<Map<string, string[]>> {
  return (await localConfigFromFile(cwd)) ?? readConfig(cwd, ['--local']);
}

/**
 * Sets these values in the repository's config file as `git config --local [--add]` would, written
 * under git's own lock (config.lock, then renamed over the file) without a process; where the file
 * holds what this writer leaves to git, or another process holds the lock, each goes through git.
 */
export async function setLocalConfig(cwd: string, changes: readonly ConfigChange[]): Promise<void> {
  if (changes.length === 0) return;
  const file = await localConfigFile(cwd);
  if (file === null || !writeConfigFile(file, changes)) {
    for (const { key, value, add } of changes) await git(cwd, ['config', '--local', ...(add ? ['--add'] : []), key, value]);
  }
}

/** The same for one named config file (`git config --file FILE`), which must exist. */
export async function setConfigFile(file: string, changes: readonly ConfigChange[]): Promise<void> {
  if (changes.length === 0 || writeConfigFile(file, changes)) return;
  for (const { key, value, add } of changes) await git(dirname(file), ['config', '--file', file, ...(add ? ['--add'] : []), key, value]);
}

function writeConfigFile(file: string, changes: readonly ConfigChange[]): boolean {
  const lock = `${file}.lock`;
  let fd: number;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return false; // a symlinked config: git locks and writes the file it points to
    fd = openSync(lock, 'wx', stat.mode & 0o7777);
  } catch {
    return false;
  }
  let renamed = false;
  try {
    try {
      const edited = withConfigValues(readFileSync(file, 'utf8'), changes);
      if (edited === null) return false;
      writeSync(fd, edited);
    } finally {
      closeSync(fd);
    }
    renameSync(lock, file);
    renamed = true;
    return true;
  } finally {
    if (!renamed) rmSync(lock, { force: true });
  }
}

async function localConfigFromFile(cwd: string): Promise<Map<string, string[]> | null> {
  const file = await localConfigFile(cwd);
  try {
    return file === null ? null : parseConfigFile(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The file `git config --local` reads and writes here; null where the environment may move it (GIT_CONFIG, GIT_DIR, GIT_COMMON_DIR). */
async function localConfigFile(cwd: string): Promise<string | null> {
  if (process.env.GIT_CONFIG || process.env.GIT_DIR || process.env.GIT_COMMON_DIR) return null;
  return join((await repoInfo(cwd)).commonDir, 'config');
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
