// npm run bench: every benchmark, printed as medians and ratios against their floors.
import { cpus } from 'node:os';
import { benchAttention } from './attention.mjs';
import { benchCheckRange } from './check-range.mjs';
import { benchClaims } from './claims.mjs';
import { benchConflicts } from './conflicts.mjs';
import { benchCopy } from './copy.mjs';
import { benchGuard } from './guard.mjs';
import { benchHook } from './hook.mjs';
import { benchPlan } from './plan.mjs';
import { benchSpawn } from './spawn.mjs';
import { benchStatus, benchStatusFirstUse } from './status.mjs';
import { benchUi } from './ui.mjs';
import { benchWorktreeAdd } from './worktree-add.mjs';
import { tables } from './lib.mjs';
import { writeMarkdown } from './markdown.mjs';

console.log(`node ${process.version}, ${cpus().length} cores`);
const markdown = process.argv.includes('--markdown');
const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!only || only === 'hook') benchHook();
if (!only || only === 'guard') benchGuard();
if (!only || only === 'check') benchCheckRange();
if (!only || only === 'status') {
  benchStatus();
  benchStatusFirstUse();
}
if (!only || only === 'conflicts') benchConflicts();
if (!only || only === 'attention') benchAttention();
if (!only || only === 'plan') benchPlan();
if (!only || only === 'copy') benchCopy();
if (!only || only === 'worktree-add') benchWorktreeAdd();
if (!only || only === 'spawn') benchSpawn();
if (!only || only === 'claims') await benchClaims();
if (!only || only === 'ui') benchUi();
if (markdown) {
  const file = new URL('../docs/benchmarks.md', import.meta.url).pathname;
  writeMarkdown(tables, file);
  console.log(`\nwrote ${file}`);
}
