# >>> agent-guard >>> managed by `agent-guard init`; keep your own lines outside this block
# `git worktree add` runs this (from the main worktree's hooks, in the new worktree, old sha all
# zeros). Plain sh that exits at once on an ordinary checkout. The first time a clone makes a linked
# worktree without agent-guard's hooks for linked worktrees (a clone set up by `npm install` alone),
# `agent-guard doctor --fix` adds them, so that worktree's commits are guarded from the start.
ag_missing=
if [ "${1:-}" = 0000000000000000000000000000000000000000 ] && [ -f .git ]; then
  # Read the common git dir's config in sh (no process): does it include agent-guard's file?
  ag_missing=1
  read -r ag_common < .git || true
  ag_common=${ag_common#gitdir: }
  ag_common=${ag_common%/worktrees/*}
  if [ -f "$ag_common/config" ]; then
    while IFS= read -r ag_line || [ -n "$ag_line" ]; do
      case "$ag_line" in *agent-guard/worktrees.config*) ag_missing= ; break ;; esac
    done < "$ag_common/config"
  fi
fi
if [ -n "$ag_missing" ]; then
{{FIND_ENTRY}}
  if [ -n "$ag_node" ] && [ -f "$ag_entry" ]; then
    "$ag_node" "${ag_entry%/hook-entry.js}/cli/main.js" doctor --fix >/dev/null 2>&1 || true
  else
    echo "agent-guard: this new worktree has no agent-guard hooks; run: npx agent-guard init" >&2
  fi
fi
# <<< agent-guard <<<
