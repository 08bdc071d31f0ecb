import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lastValue, setLocalConfig } from '../git/local-config.js';
import { HOOK_ENTRY } from '../io/package-files.js';
import type { FileChange } from './plan.js';

export function writeChange(root: string, change: FileChange): void {
  const path = join(root, change.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, change.after);
  if (change.executable) chmodSync(path, 0o755);
}

/**
 * husky's own installer (sets core.hooksPath to .husky/_ and writes its dispatch stubs). It works
 * on the current directory, so it runs from `root`. Returns husky's message ('' when installed).
 */
export async function installHusky(root: string): Promise<string> {
  const { default: husky } = await import('husky');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    return husky('.husky');
  } finally {
    process.chdir(cwd);
  }
}

/**
 * Records where this agent-guard and node live, for hooks run where neither is on PATH or in
 * node_modules; sets only what differs from `local` (the repository's config as read).
 */
export async function recordInstallation(root: string, local: Map<string, string[]>): Promise<void> {
  const wanted = [
    { key: 'agent-guard.entry', value: HOOK_ENTRY },
    { key: 'agent-guard.node', value: process.execPath },
  ];
  await setLocalConfig(root, wanted.filter(({ key, value }) => lastValue(local, key) !== value));
}
