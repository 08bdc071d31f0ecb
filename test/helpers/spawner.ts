import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv } from './env.js';

export interface SpawnResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end, as spawnSync would, but started by a small shell that this worker keeps
 * for the purpose. A child forked straight from a test worker (a big node process) costs ~4 ms more
 * than one forked from sh, on each of the suite's ~1,500 git and CLI processes. The command gets
 * cleanEnv() plus `env`, runs in `cwd`, reads `input` (or nothing) and its output is returned whole.
 */
export function runToEnd(command: string, args: readonly string[], { cwd, env = {}, input }: { cwd: string; env?: Record<string, string>; input?: string }): SpawnResult {
  const shell = (server ??= startServer());
  const files = { in: join(shell.dir, 'in'), out: join(shell.dir, 'out'), err: join(shell.dir, 'err') };
  if (input !== undefined) writeFileSync(files.in, input);
  const job = [
    ...Object.entries(env).map(([key, value]) => `export ${key}=${quote(value)}`),
    `cd ${quote(cwd)} || exit 127`,
    `exec ${[command, ...args].map(quote).join(' ')} <${input === undefined ? '/dev/null' : quote(files.in)} >${quote(files.out)} 2>${quote(files.err)}`,
  ];
  writeFileSync(join(shell.dir, 'job.sh'), `${job.join('\n')}\n`);
  writeSync(shell.requests, 'job\n');
  let answer = '';
  const buffer = Buffer.alloc(32);
  while (!answer.endsWith('\n')) {
    const read = readSync(shell.answers, buffer, 0, buffer.length, null);
    if (read === 0) throw new Error('the test spawner shell ended');
    answer += buffer.toString('utf8', 0, read);
  }
  return { status: Number(answer.trim()), stdout: readFileSync(files.out, 'utf8'), stderr: readFileSync(files.err, 'utf8') };
}

let server: { dir: string; requests: number; answers: number } | undefined;

// One job at a time: `( . job.sh )` forks a subshell that execs the command; its status goes back.
// The shell ends when this process closes the request pipe (when the worker exits).
const SERVER = 'exec 3<"$1/requests" 4>"$1/answers"; while read -r job <&3; do (. "$1/job.sh"); echo "$?" >&4; done';

function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'ag-spawner-'));
  execFileSync('mkfifo', [join(dir, 'requests'), join(dir, 'answers')]);
  spawn('/bin/sh', ['-c', SERVER, 'sh', dir], { stdio: 'ignore', env: cleanEnv() }).unref();
  // Opening a FIFO waits for its other end: the shell opens requests first, then answers.
  return { dir, requests: openSync(join(dir, 'requests'), 'w'), answers: openSync(join(dir, 'answers'), 'r') };
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
