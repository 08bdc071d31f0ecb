#!/usr/bin/env node
// The lean entry the installed git hooks call. It is built as CommonJS (dist/cjs), which loads
// several times faster than ESM on Node 20, and imports no yargs and, for JSON configs, no
// cosmiconfig. For pre-commit, git's diff of the index starts before anything else loads, so the
// module loading below overlaps with git's work (hooks run from the worktree's top folder).
import { git } from './git/run.js';
import { STAGED_DIFF_ARGS } from './git/changes.js';

const [hook, ...rest] = process.argv.slice(2);
const stagedDiff = hook === 'pre-commit' ? git(process.cwd(), STAGED_DIFF_ARGS) : undefined;
stagedDiff?.catch(() => undefined); // awaited (and its error reported) inside runHook

void Promise.all([import('./cli/edge.js'), import('./hook.js')]).then(([{ runCommand }, { runHook }]) =>
  runCommand(() => runHook(hook, rest, stagedDiff)),
);
