# >>> agent-guard >>> managed by `agent-guard init`; keep your own lines outside this block
# Decides in plain sh whether an agent is at work here (AGENT_GUARD_AGENT, a manifest, an agent
# branch), so a human's commit never starts node; then runs the agent-guard this repo installed.
ag_run=
if [ -z "${AGENT_GUARD_TRUSTED_HOOK:-}" ]; then # else an agent worktree's own hook ran agent-guard already
{{AGENT_CHECK}}
fi
if [ -n "$ag_run" ]; then
{{FIND_ENTRY}}
  if [ -z "$ag_node" ] || [ ! -f "$ag_entry" ]; then
    echo "agent-guard: cannot find node or agent-guard for the {{HOOK}} hook; run: npx agent-guard doctor" >&2
    exit 1
  fi
  # shellcheck disable=SC2050 # the hook's name is written in with the block
  if [ {{HOOK}} = pre-commit ]; then
    {{STAGED_DIFF}} || exit $?
  else
    "$ag_node" "$ag_entry" {{HOOK}} "$@" || exit $?
  fi
fi
# <<< agent-guard <<<
