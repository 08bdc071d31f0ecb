#!/usr/bin/env node
// The lean entry Claude Code's PreToolUse hook runs before every tool call, and its PostToolUse hook
// after every Bash call (registered with the argument `post`, and `--git-status-fd N` where the
// command runs the worktree's git status beside node): CommonJS (dist/cjs), no yargs, no
// cosmiconfig for JSON configs.
import { readGitPipe } from './git/hook-pipe.js';
import { runGuard } from './guard/run.js';
import { readJsonStdin } from './guard/stdin.js';
import { writeStderr, writeStdout } from './io/stdout.js';

const [registeredFor, flag, fd] = process.argv.slice(2);
const gitStatus = registeredFor === 'post' && flag === '--git-status-fd' && /^\d+$/.test(fd ?? '') ? () => readGitPipe(Number(fd)) : undefined;

void readJsonStdin()
  .then((text) => runGuard(text, process.env, registeredFor, gitStatus))
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
