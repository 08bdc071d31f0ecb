// npm run bench: every benchmark, printed as medians and ratios against their floors.
import { cpus } from 'node:os';
import { benchCheckRange } from './check-range.mjs';
import { benchClaims } from './claims.mjs';
import { benchConflicts } from './conflicts.mjs';
import { benchGuard } from './guard.mjs';
import { benchHook } from './hook.mjs';
import { benchStatus } from './status.mjs';
import { benchWorktreeAdd } from './worktree-add.mjs';

console.log(`node ${process.version}, ${cpus().length} cores`);
const only = process.argv[2];
if (!only || only === 'hook') benchHook();
if (!only || only === 'guard') benchGuard();
if (!only || only === 'check') benchCheckRange();
if (!only || only === 'status') benchStatus();
if (!only || only === 'conflicts') benchConflicts();
if (!only || only === 'worktree-add') benchWorktreeAdd();
if (!only || only === 'claims') await benchClaims();
