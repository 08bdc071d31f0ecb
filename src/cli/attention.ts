import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/load.js';
import { readManifest } from '../config/manifest-store.js';
import { repoInfo } from '../git/repo.js';
import { mainWorktree } from '../git/worktrees.js';
import { stateOfEvent, type AttentionEvent } from '../status/attention.js';
import { deliver } from '../status/notify.js';

/**
 * What a client's attention hook runs after recording the event, where the config has `notify`:
 * the event (waiting or idle) goes to the notify command and the desktop. An agent's own hook only:
 * a worktree without a manifest (an agent removed meanwhile) is ignored. Never fails the hook.
 */
export async function attention(file: string, client: string): Promise<{ exitCode: number; output: string }> {
  try {
    const event = JSON.parse(readFileSync(file, 'utf8')) as AttentionEvent;
    const { state, message } = stateOfEvent(event);
    if (state === 'working') return { exitCode: 0, output: '' };
    const repo = await repoInfo(process.cwd());
    const manifest = readManifest(repo.gitDir);
    if (!manifest) return { exitCode: 0, output: '' };
    const mainRoot = await mainWorktree(repo.root);
    const { config } = await loadConfig(mainRoot);
    if (!config.notify || !(manifest.agent in config.agents)) return { exitCode: 0, output: '' };
    await deliver({ agent: manifest.agent, state, message, client, worktree: repo.root, repository: mainRoot, at: new Date().toISOString() }, config.notify);
  } catch {
    // a notification that cannot go out must not hold the agent up
  }
  return { exitCode: 0, output: '' };
}
