#!/usr/bin/env node
// The lean entry the installed git hooks call. It is built as CommonJS (dist/cjs), which loads
// several times faster than ESM on Node 20, and imports no yargs and, for JSON configs, no
// cosmiconfig. For pre-commit, agent-guard's hooks run git's diff of the index beside node and pipe
// it in (`pre-commit --diff-stdin`): git works while node starts. Else (or if git failed there) the
// diff starts before anything else loads, so the module loading below overlaps with git's work
// (hooks run from the worktree's top folder).
import { git } from './git/run.js';
import { STAGED_DIFF_ARGS } from './git/changes.js';
import { readGitPipe } from './git/hook-pipe.js';
import { allowHeapTuning } from './io/young-generation.js';

allowHeapTuning();
const [hook, ...args] = process.argv.slice(2);
const fromPipe = hook === 'pre-commit' && args[0] === '--diff-stdin';
const rest = fromPipe ? args.slice(1) : args;
const piped = fromPipe ? readGitPipe(0) : null;
const stagedDiff = hook === 'pre-commit' ? (piped !== null ? Promise.resolve(piped) : git(process.cwd(), STAGED_DIFF_ARGS)) : undefined;
stagedDiff?.catch(() => undefined); // awaited (and its error reported) inside runHook

void Promise.all([import('./cli/exit-codes.js'), import('./hook.js')]).then(([{ runCommand }, { runHook }]) =>
  runCommand(() => runHook(hook, rest, stagedDiff)),
);
