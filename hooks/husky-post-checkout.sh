# >>> agent-guard >>> managed by `agent-guard init`; keep your own lines outside this block
# `git worktree add` runs this (from the main worktree's hooks, in the new worktree, old sha all
# zeros). Plain sh that exits at once on an ordinary checkout. The first time a clone makes a linked
# worktree without agent-guard's hooks for linked worktrees (a clone set up by `npm install` alone),
# `agent-guard doctor --fix` adds them, so that worktree's commits are guarded from the start.
if [ "${1:-}" = 0000000000000000000000000000000000000000 ] && [ -f .git ] &&
  ! git config --local --get-all includeIf.gitdir:./worktrees/.path 2>/dev/null | grep -qx 'agent-guard/worktrees.config'; then
  ag_entry=node_modules/agent-guard/dist/cjs/hook-entry.js
  [ -f "$ag_entry" ] || ag_entry="$(git rev-parse --path-format=absolute --git-common-dir)/../node_modules/agent-guard/dist/cjs/hook-entry.js"
  [ -f "$ag_entry" ] || ag_entry="$(git config --get agent-guard.entry || true)"
  ag_node=node
  command -v node >/dev/null 2>&1 || ag_node="$(git config --get agent-guard.node || true)"
  if [ -n "$ag_node" ] && [ -f "$ag_entry" ]; then
    "$ag_node" "${ag_entry%/cjs/hook-entry.js}/cli/main.js" doctor --fix >/dev/null 2>&1 || true
  else
    echo "agent-guard: this new worktree has no agent-guard hooks; run: npx agent-guard init" >&2
  fi
fi
# <<< agent-guard <<<
