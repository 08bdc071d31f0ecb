import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { ensureInstallFolder, waitForInstall } from './client-binary.js';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Claude Code version the end-to-end tests run (its hook API is what they check). */
export const CLAUDE_CODE_VERSION = '2.1.328';

const cacheDir = () => join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'agent-guard-tests', `claude-code-${CLAUDE_CODE_VERSION}`);
const binaryIn = (cache: string) => join(cache, 'node_modules', '@anthropic-ai', `claude-code-${process.platform}-${process.arch}`, 'claude');
// its install script runs (client-binary.ts says why, and ensureInstallFolder allows it)
const installArgs = (cache: string) => ['install', '--ignore-scripts=false', '--no-audit', '--no-fund', '--no-save', '--prefix', cache, `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`];
/** Holds the pid of a background install while it runs. */
const pidFile = (cache: string) => join(cache, 'install.pid');

/**
 * Starts installing the binary into the cache in the background, if it is not there: the sequencer
 * calls this when the run includes the test that needs it, so that the download (~370 MB, ~8 s on
 * a machine that never had it) overlaps the files that run first instead of holding up a worker.
 */
export function startClaudeInstall(): void {
  const cache = cacheDir();
  if (process.env.AGENT_GUARD_CLAUDE_BIN || existsSync(binaryIn(cache))) return;
  ensureInstallFolder(cache, `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`);
  const script = 'npm "$@" >"$0/install.log" 2>&1; rm -f "$0/install.pid"';
  const child = spawn('sh', ['-c', script, cache, ...installArgs(cache)], { detached: true, stdio: 'ignore' });
  writeFileSync(pidFile(cache), String(child.pid));
  child.unref();
}

/**
 * The real Claude Code binary: from AGENT_GUARD_CLAUDE_BIN, or installed once into a cache
 * (~/.cache/agent-guard-tests/claude-code-VERSION) from the npm registry — waiting for a background
 * install that is under way. Null, with the reason in `claudeBinary.why`, where it cannot be had
 * (no registry, another platform).
 */
export function claudeBinary(): string | null {
  if (process.env.AGENT_GUARD_CLAUDE_BIN) return process.env.AGENT_GUARD_CLAUDE_BIN;
  const cache = cacheDir();
  const binary = binaryIn(cache);
  if (existsSync(binary)) return binary;
  waitForInstall(pidFile(cache), 300_000);
  if (existsSync(binary)) return binary;
  ensureInstallFolder(cache, `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`);
  const install = spawnSync('npm', installArgs(cache), { encoding: 'utf8', timeout: 300_000 });
  if (existsSync(binary)) return binary;
  claudeBinary.why = `npm install @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} failed: ${(install.stderr || install.error?.message || '').trim().split('\n').at(-1)}`;
  return null;
}
claudeBinary.why = '';
