import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../core/events.js';
import { writeFileAtomic } from './atomic.js';

/** How the last setup of a worktree ended, kept in its git dir (status flags SETUP-FAILED from it). */
export interface SetupState {
  ok: boolean;
  at: string;
  /** The command that failed, and how. */
  failed?: { command: string; code: number | null; signal: string | null; timedOut: boolean };
}

export const setupLogPath = (gitDir: string) => join(gitDir, 'agent-guard', 'setup.log');
const statePath = (gitDir: string) => join(gitDir, 'agent-guard', 'setup.json');

export function readSetupState(gitDir: string): SetupState | null {
  try {
    const state = JSON.parse(readFileSync(statePath(gitDir), 'utf8')) as SetupState;
    return typeof state.ok === 'boolean' ? state : null;
  } catch {
    return null;
  }
}

/**
 * Runs `commands` in order in the worktree, each through the shell (they are the user's own command
 * lines) with `env` added to this process's: output shown live under the command's name (on
 * `show`) and kept in the worktree's git dir (`agent-guard/setup.log`); the first that fails or
 * outlives `timeout` stops the rest. The outcome is recorded for `status` (`record`).
 */
export async function runCommands(
  commands: readonly string[],
  worktree: string,
  gitDir: string,
  env: Record<string, string>,
  { timeout = '30m', show, what, record = true }: { timeout?: string; show: (text: string) => void; what: 'setup' | 'teardown'; record?: boolean },
): Promise<SetupState> {
  const log = setupLogPath(gitDir);
  mkdirSync(join(gitDir, 'agent-guard'), { recursive: true });
  if (what === 'setup') writeFileSync(log, '');
  const limitMs = parseDuration(timeout) ?? 30 * 60_000;
  let state: SetupState = { ok: true, at: new Date().toISOString() };
  for (const command of commands) {
    const header = `> ${what}: ${command}\n`;
    show(header);
    appendFileSync(log, header);
    const outcome = await runOne(command, worktree, env, limitMs, (chunk) => {
      show(chunk);
      appendFileSync(log, chunk);
    });
    if (outcome.code !== 0) {
      state = { ok: false, at: new Date().toISOString(), failed: { command, ...outcome } };
      appendFileSync(log, outcome.timedOut ? `agent-guard: stopped after ${timeout}\n` : `agent-guard: exit ${outcome.code ?? outcome.signal}\n`);
      break;
    }
  }
  if (record) writeFileAtomic(statePath(gitDir), JSON.stringify(state) + '\n');
  return state;
}

function runOne(command: string, cwd: string, env: Record<string, string>, limitMs: number, out: (chunk: string) => void): Promise<{ code: number | null; signal: string | null; timedOut: boolean }> {
  return new Promise((resolve) => {
    // its own process group, so a timeout stops what the command started too
    const child = spawn(command, { cwd, shell: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let timedOut = false;
    const stop = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // gone already
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop('SIGTERM');
      setTimeout(() => stop('SIGKILL'), 5_000).unref();
    }, limitMs);
    child.stdout!.on('data', (chunk: Buffer) => out(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => out(chunk.toString()));
    child.on('error', (err) => out(`${err.message}\n`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, signal, timedOut });
    });
  });
}

/** One line saying why setup failed, with where its output is. */
export function setupFailure(state: SetupState, gitDir: string, timeout: string): string {
  const f = state.failed!;
  const how = f.timedOut ? `did not finish within ${timeout} and was stopped` : f.code !== null ? `failed (exit ${f.code})` : `was killed (${f.signal})`;
  return `agent-guard: setup "${f.command}" ${how}; its output is in ${setupLogPath(gitDir)}.`;
}
