#!/usr/bin/env node
// The lean entry Claude Code's PreToolUse hook runs before every tool call, and its PostToolUse hook
// after every Bash call (registered with the argument `post`, and `--git-status-fd N` where the
// command runs the worktree's git status beside node): CommonJS (dist/cjs), no yargs, no
// cosmiconfig for JSON configs.
import { readGitPipe } from './git/hook-pipe.js';
import { CLIENTS, isClient } from './core/clients.js';
import { runGuard } from './guard/run.js';
import { readJsonStdin } from './guard/stdin.js';
import { writeStderr, writeStdout } from './io/stdout.js';

// `--client NAME` first for the other agent clients (Claude Code's commands name none).
const argv = process.argv.slice(2);
const named = argv[0] === '--client' ? argv[1] ?? '' : 'claude';
const [registeredFor, flag, fd] = argv[0] === '--client' ? argv.slice(2) : argv;
const client = isClient(named) ? named : null;
const gitStatus = registeredFor === 'post' && flag === '--git-status-fd' && /^\d+$/.test(fd ?? '') ? () => readGitPipe(Number(fd)) : undefined;

void readJsonStdin()
  .then((text) => (client ? runGuard(text, process.env, registeredFor, gitStatus, client) : Promise.reject(new Error(`unknown agent client "${named}"; the hook command names one of: ${CLIENTS.join(', ')}`))))
  .then(
    ({ exitCode, stdout, stderr }) => {
      writeStdout(stdout);
      writeStderr(stderr);
      process.exitCode = exitCode;
    },
    (err: unknown) => {
      // A crash must block (exit 2): any other failure lets the tool call through.
      writeStderr(`agent-guard guard: ${err instanceof Error ? err.message : String(err)}\n`);
      if (process.env.AGENT_GUARD_DEBUG === '1' && err instanceof Error) writeStderr(`${err.stack}\n`);
      process.exitCode = 2;
    },
  );
