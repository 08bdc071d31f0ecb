import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI } from './cli.js';

/** The CLI started in the background, in a process group of its own (as a terminal runs a command). */
export function startCli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'exit', not 'close': a command it started may hold the pipes open after it ended
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return {
    pid: child.pid!,
    exited,
    output: () => output,
    /** Ctrl-C at a terminal: the whole foreground process group gets it (none left: it ended already). */
    interrupt: () => {
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    },
    kill: (signal: NodeJS.Signals) => child.kill(signal),
  };
}

/** The process runs (a zombie, ended and not yet reaped by whoever inherited it, does not). */
function runs(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Whether `pid` still runs after up to two seconds. */
export async function stillRuns(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && runs(pid); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return runs(pid);
}
