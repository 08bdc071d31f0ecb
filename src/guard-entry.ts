#!/usr/bin/env node
// The lean entry Claude Code's PreToolUse hook runs before every tool call, and its PostToolUse hook
// after every Bash call (registered with the argument `post`): CommonJS (dist/cjs), no yargs, no
// cosmiconfig for JSON configs.
import { runGuard } from './guard/run.js';
import { readJsonStdin } from './guard/stdin.js';

void readJsonStdin()
  .then((text) => runGuard(text, process.env, process.argv[2]))
  .then(
    ({ exitCode, stdout, stderr }) => {
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      process.exitCode = exitCode;
    },
    (err: unknown) => {
      // A crash must block (exit 2): any other failure lets the tool call through.
      process.stderr.write(`agent-guard guard: ${err instanceof Error ? err.message : String(err)}\n`);
      if (process.env.AGENT_GUARD_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = 2;
    },
  );
