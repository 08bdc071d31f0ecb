import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { repoInfo } from '../git/repo.js';
import { mainWorktree } from '../git/worktrees.js';
import { packageRoot } from '../io/package-root.js';
import { writeStderr, writeStdout } from '../io/stdout.js';
import { startUiServer } from '../ui/server.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * A server that runs for hours keeps V8's young generation small and collects after each remake of
 * the data (the server calls gc): at V8's defaults the process grows by the garbage of each remake
 * until V8 decides to collect. V8 takes these flags only at start: node starts again.
 */
const SMALL_YOUNG_GENERATION = '--max-semi-space-size=1';
const LONG_RUN_FLAGS = [SMALL_YOUNG_GENERATION, '--expose-gc'];

/** `agent-guard ui`: the live page, served until Ctrl-C. */
export async function ui(cwd: string, options: { port: string; host: string; open: boolean; allowActions: boolean }): Promise<number> {
  if (!/^\d{1,5}$/.test(options.port) || Number(options.port) > 65_535) throw new UsageError(`agent-guard ui: --port takes a port number from 0 to 65535 (0: a free one); got "${options.port}".`);
  if (!process.execArgv.includes(SMALL_YOUNG_GENERATION)) return again();
  const host = options.host === 'localhost' ? '127.0.0.1' : options.host;
  const repo = await repoInfo(cwd);
  const mainRoot = await mainWorktree(repo.root);
  const page = readFileSync(join(packageRoot, 'dist', 'ui.html'), 'utf8');
  let served: Awaited<ReturnType<typeof startUiServer>>;
  try {
    served = await startUiServer({ mainRoot, commonDir: repo.commonDir, host, port: Number(options.port), token: randomBytes(24).toString('base64url'), allowActions: options.allowActions, page });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`agent-guard ui: port ${options.port} on ${host} is in use; pick another with --port N, or --port 0 for a free one.`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`agent-guard ui: ${host} is not an address of this machine (--host).`);
    throw err;
  }
  if (!LOOPBACK.has(options.host)) writeStderr(`warning: agent-guard ui listens on ${host}, not only on this machine: anyone who can reach it and has the URL's token sees this repository${options.allowActions ? ' and can merge, sync, reset and remove agents' : ''}.\n`);
  writeStdout(`agent-guard ui for ${mainRoot}:\n  ${served.url}\n${options.allowActions ? 'Actions are on (--allow-actions): merge, sync, reset and remove, each confirmed on the page.' : 'Read-only (--allow-actions adds merge, sync, reset and remove buttons).'} Ctrl-C stops it.\n`);
  if (options.open) openBrowser(served.url);
  return new Promise((resolve) => {
    // a second signal (the terminal's Ctrl-C and the parent's, together) is the same stop
    let stopping = false;
    const stop = () => {
      if (!stopping) void served.close().then(() => resolve(0));
      stopping = true;
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command as string, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => writeStderr(`agent-guard ui: could not open a browser (${command}); open the URL above.\n`));
  child.unref();
}

/** This command again in a node with a small young generation; Ctrl-C reaches both, the child ends the server. */
function again(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...LONG_RUN_FLAGS, process.argv[1]!, ...process.argv.slice(2)], { stdio: 'inherit' });
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', pass('SIGINT'));
  process.on('SIGTERM', pass('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 143))));
}
