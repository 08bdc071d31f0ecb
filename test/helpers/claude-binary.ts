import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Claude Code version the end-to-end tests run (its hook API is what they check). */
export const CLAUDE_CODE_VERSION = '2.1.328';

/**
 * The real Claude Code binary: from AGENT_GUARD_CLAUDE_BIN, or installed once into a cache
 * (~/.cache/agent-guard-tests/claude-code-VERSION) from the npm registry. Null, with the reason in
 * `claudeBinary.why`, where it cannot be had (no registry, another platform).
 */
export function claudeBinary(): string | null {
  if (process.env.AGENT_GUARD_CLAUDE_BIN) return process.env.AGENT_GUARD_CLAUDE_BIN;
  const platform = `${process.platform}-${process.arch}`;
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'agent-guard-tests', `claude-code-${CLAUDE_CODE_VERSION}`);
  const binary = join(cache, 'node_modules', '@anthropic-ai', `claude-code-${platform}`, 'claude');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', cache, `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`], { encoding: 'utf8', timeout: 300_000 });
  if (existsSync(binary)) return binary;
  claudeBinary.why = `npm install @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} failed: ${(install.stderr || install.error?.message || '').trim().split('\n').at(-1)}`;
  return null;
}
claudeBinary.why = '';
