#!/usr/bin/env node
// The lean entry the installed git hooks call: no yargs, and cosmiconfig only for YAML/JS configs.
import { runCommand } from './cli/edge.js';
import { runHook } from './hook.js';

const [hook, ...rest] = process.argv.slice(2);
await runCommand(() => runHook(hook, rest));
