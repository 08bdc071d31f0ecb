import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Config } from '../core/config.js';

/** What `notify.command` gets on stdin when an agent starts waiting or ends its turn. */
export interface NotifyEvent {
  agent: string;
  state: 'waiting' | 'idle';
  /** The client's own words, or null. */
  message: string | null;
  client: string;
  worktree: string;
  repository: string;
  at: string;
}

/** The desktop notification's title and text. Pure. */
export function desktopText(event: NotifyEvent): { title: string; body: string } {
  const title = event.state === 'waiting' ? `agent-guard: ${event.agent} is waiting for you` : `agent-guard: ${event.agent} finished its turn`;
  return { title, body: event.message ?? event.worktree };
}

/**
 * Hands the event to the configured command (the user's own command line, through the shell, the
 * event as JSON on stdin) and, with `desktop`, to notify-send (Linux) or osascript (macOS). Neither
 * is waited for: the agent client's hook returns at once. Resolves once the event is written.
 */
export async function deliver(event: NotifyEvent, notify: NonNullable<Config['notify']>, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const started: string[] = [];
  if (notify.command) {
    const child = spawn(notify.command, { shell: true, detached: true, stdio: ['pipe', 'ignore', 'ignore'], cwd: event.worktree, env: { ...env, AGENT_GUARD_AGENT: event.agent } });
    child.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      child.stdin!.on('error', () => resolve());
      child.stdin!.end(JSON.stringify(event) + '\n', () => resolve());
    });
    child.unref();
    started.push(notify.command);
  }
  if (notify.desktop) {
    const { title, body } = desktopText(event);
    const tool = onPath('notify-send', env) ? ['notify-send', ['--app-name=agent-guard', title, body]] as const
      : onPath('osascript', env) ? ['osascript', ['-e', `display notification ${appleString(body)} with title ${appleString(title)}`]] as const
      : null;
    if (tool) {
      const child = spawn(tool[0], [...tool[1]], { detached: true, stdio: 'ignore', env });
      child.on('error', () => undefined);
      child.unref();
      started.push(tool[0]);
    }
  }
  return started;
}

function appleString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function onPath(binary: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}
