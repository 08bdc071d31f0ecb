import { isManaged, MANAGERS, type HookMode, type ManagedMode } from '../init/hook-mode.js';

/** What doctor found out about this worktree; gathered by facts.ts, judged here without IO. */
export interface DoctorFacts {
  root: string;
  configProblem: string | null;
  configFile: string | null;
  branches: string[] | null;
  hooksPath: string | null;
  /** The hooks directory as git resolves it from this worktree. */
  hooksDir: string | null;
  hookFiles: Record<string, HookFacts>;
  entry: string | null;
  nodeOnGuiPath: string | null;
  recordedNode: string | null;
  missingWorktrees: string[];
  /** .git/config includes agent-guard's hooks for every linked worktree. */
  linkedHooks: boolean;
  /** What Claude Code's Bash sandbox needs here and lacks (Linux: bwrap, socat); null on macOS. */
  sandboxMissing: string[] | null;
  claudeSandbox: boolean;
  /** How init set the hooks up (husky when no record says otherwise). */
  hookMode?: HookMode;
  /** Executable hooks in .git/hooks that git does not run from here, and that no agent-guard hook runs after its check. */
  shadowed?: { file: string; kind: string; hooksPath: string }[];
  /** Files named like a hook in a folder git or agent-guard runs hooks from, that are not executable (so never run). */
  notExecutable?: string[];
  /** In the pre-commit and lefthook modes: each of pre-commit and pre-push is that manager's installed hook, and its config runs agent-guard. */
  manager?: { installed: Record<string, boolean>; configured: boolean; config: string; hooksPathAway?: string | null } | null;
}

export interface HookFacts {
  /** git finds an executable hook of this name here. */
  dispatcher: boolean;
  /** Which hook that is: a spawned worktree's own, the dispatcher in the common git dir, or husky's chain. */
  runs: 'own' | 'shared' | 'husky';
  /** For the dispatcher: whether it tests for the config's agent branches (null: unknown). */
  sharedCurrent: boolean | null;
  /** .husky/HOOK exists, holds agent-guard's block, and that block is the one this config wants. */
  script: boolean;
  block: boolean;
  current: boolean | null;
}

export interface Finding {
  ok: boolean;
  what: string;
  fix?: string;
}

const REINIT = 'run `npx agent-guard init` in this worktree';

export function diagnose(f: DoctorFacts): Finding[] {
  const findings: Finding[] = [];
  findings.push(
    f.configProblem
      ? { ok: false, what: `config: ${f.configProblem}`, fix: 'fix the file as the message says (README: Config)' }
      : { ok: true, what: `config ${f.configFile} is valid` },
  );
  const managed = f.hookMode !== undefined && isManaged(f.hookMode);
  if (managed) findings.push(...managerFindings(f));
  else {
    findings.push(
      f.hooksPath === null
        ? { ok: false, what: 'core.hooksPath is not set: git runs .git/hooks, where agent-guard has no hooks', fix: REINIT }
        : { ok: true, what: `core.hooksPath is ${f.hooksPath}` },
    );
    findings.push(...hookFileFindings(f));
  }
  for (const s of f.shadowed ?? []) {
    findings.push({ ok: false, what: `${s.file} (${s.kind}) does not run: core.hooksPath is ${s.hooksPath}, and no agent-guard hook runs it after its check`, fix: 'run `agent-guard doctor --fix`: agent-guard\'s hooks then run it after their check (nothing is deleted)' });
  }
  for (const file of f.notExecutable ?? []) {
    findings.push({ ok: false, what: `${file} is not executable, so git does not run it (nor does agent-guard)`, fix: `\`chmod +x ${file}\` if it should run, or delete it` });
  }
  findings.push(
    f.entry
      ? { ok: true, what: `hooks reach agent-guard at ${f.entry}` }
      : { ok: false, what: 'hooks cannot find agent-guard (no node_modules/agent-guard here or in the main worktree, no agent-guard.entry)', fix: 'run `npm install`, or `agent-guard init` from an installed agent-guard' },
  );
  if (f.nodeOnGuiPath) findings.push({ ok: true, what: `node is on the PATH GUI git clients use (${f.nodeOnGuiPath})` });
  else if (f.recordedNode) findings.push({ ok: true, what: `node is not on the PATH GUI git clients use; hooks fall back to agent-guard.node=${f.recordedNode}` });
  else findings.push({ ok: false, what: 'node is not on the PATH GUI git clients use (/usr/bin:/bin:/usr/sbin:/sbin:/usr/local/bin:/opt/homebrew/bin)', fix: `${REINIT}: it records node's path in agent-guard.node` });
  if (managed) findings.push({ ok: true, what: `every linked worktree runs .git/hooks too, so ${MANAGERS[f.hookMode as ManagedMode].name}'s hooks and agent-guard's check` });
  else {
    findings.push(
      f.linkedHooks
        ? { ok: true, what: 'every linked worktree (git worktree add, claude --worktree, runners) runs agent-guard\'s hooks' }
        : { ok: false, what: 'linked worktrees made here run no agent-guard hook (git worktree add, claude --worktree, runners)', fix: 'run `agent-guard doctor --fix` (or `npx agent-guard init`)' },
    );
  }
  if (f.sandboxMissing === null || f.sandboxMissing.length === 0) {
    findings.push({ ok: true, what: "Claude Code's Bash sandbox can run here" + (f.claudeSandbox ? ' (claudeSandbox is on)' : ' (turn it on with claudeSandbox or spawn --sandbox)') });
  } else if (f.claudeSandbox) {
    findings.push({ ok: false, what: `claudeSandbox is on, but Claude Code's Bash sandbox cannot run here: ${f.sandboxMissing.join(' and ')} not found`, fix: 'install them, e.g. `sudo apt-get install bubblewrap socat`' });
  } else {
    findings.push({ ok: true, what: `Claude Code's Bash sandbox could not run here (${f.sandboxMissing.join(' and ')} not found); it is off (claudeSandbox)` });
  }
  for (const path of f.missingWorktrees) {
    findings.push({ ok: false, what: `worktree ${path} is registered but missing`, fix: 'run `git worktree prune` (or `agent-guard prune`)' });
  }
  return findings;
}

function hookFileFindings(f: DoctorFacts): Finding[] {
  const findings: Finding[] = [];
  const husky = f.hookMode !== 'git';
  for (const [hook, state] of Object.entries(f.hookFiles)) {
    if (!state.dispatcher) findings.push({ ok: false, what: `${hook}: no executable hook in ${f.hooksDir ?? 'the hooks directory'} from this worktree`, fix: 'run `npx agent-guard init` (once, in any worktree of this repository: it gives every linked worktree its hooks)' });
    else if (state.runs === 'own') findings.push({ ok: true, what: `${hook}: this worktree's own hook (in the git dir, out of its edits' reach) calls agent-guard` });
    else {
      if (state.runs === 'shared') {
        findings.push(
          state.sharedCurrent === false
            ? { ok: false, what: `${hook}: agent-guard's hook in ${f.hooksDir} is out of date (the config's branches ${JSON.stringify(f.branches)} changed since it was written)`, fix: 'run `agent-guard doctor --fix` (or `npx agent-guard init`)' }
            : { ok: true, what: `${hook}: git runs agent-guard's hook in ${f.hooksDir} (the git dir, out of the worktree's edits' reach)${husky ? `, then .husky/${hook}` : ''}` },
        );
      }
      if (!husky) continue;
      // The .husky block is what a clone where init has not run yet commits through (husky's chain).
      if (!state.script || !state.block) findings.push({ ok: false, what: `${hook}: .husky/${hook} does not call agent-guard`, fix: REINIT });
      else if (state.current === false) {
        findings.push({ ok: false, what: `${hook}: the agent-guard block in .husky/${hook} is out of date (the config's branches ${JSON.stringify(f.branches)} or agent-guard changed since init)`, fix: REINIT });
      } else if (state.runs === 'husky') findings.push({ ok: true, what: `${hook} hook installed and calls agent-guard` });
    }
  }
  return findings;
}

function managerFindings(f: DoctorFacts): Finding[] {
  const m = f.manager;
  if (!m) return [];
  const { name, install } = MANAGERS[f.hookMode as ManagedMode];
  const findings: Finding[] = [];
  if (m.hooksPathAway) {
    findings.push({ ok: false, what: `core.hooksPath is ${m.hooksPathAway}: git runs the hooks there, not ${name}'s in .git/hooks, so neither agent-guard's check nor the project's hooks run (an installer such as husky sets it)`, fix: 'run `agent-guard doctor --fix` (it unsets core.hooksPath in .git/config; the folder stays)' });
  }
  findings.push(
    m.configured
      ? { ok: true, what: `${m.config} runs agent-guard's check first (${name} is the installer)` }
      : { ok: false, what: `${m.config} does not run agent-guard's check`, fix: 'run `npx agent-guard init` (it adds agent-guard to the config)' },
  );
  for (const [hook, installed] of Object.entries(m.installed)) {
    const not = f.hookMode === 'simple-git-hooks' ? `was not written by simple-git-hooks from a config with agent-guard's line` : `is not ${name}'s hook`;
    const missing = hook === 'post-checkout' ? "a plain `git worktree add` gets none of the ignored files .worktreeinclude or setup.copy name" : `agent-guard's check does not run on ${hook === 'pre-push' ? 'a push' : 'a commit'}`;
    findings.push(installed ? { ok: true, what: `${hook}: git runs ${name}'s hook in .git/hooks` } : { ok: false, what: `${hook}: .git/hooks/${hook} ${not}, so ${missing}`, fix: `run \`${install}\`` });
  }
  return findings;
}
