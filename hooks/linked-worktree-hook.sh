#!/bin/sh
# shellcheck disable=SC2194,SC2050,SC2317 # the hook's name is written in with the file (constant case and test words), and every hook carries the chain's helpers, used or not
# agent-guard: the {{HOOK}} hook of this repository's worktrees, whoever made them (git worktree add,
# claude --worktree, a runner). It lives in the common git dir, out of reach of a worktree's file
# edits. An agent's commit or push runs agent-guard first; then the hooks that ran before agent-guard
# ({{CHAIN_NAMES}}), as git ran them.
ag_run=
case {{HOOK}} in pre-commit|pre-push)
{{AGENT_CHECK}}
;; esac
{{CHAIN_FUNCTIONS}}
case {{HOOK}} in post-checkout)
  # A new worktree's first checkout (`git worktree add`, old sha all zeros; the pre-commit framework
  # hands it over as PRE_COMMIT_FROM_REF): the main checkout's ignored files that .worktreeinclude or
  # setup.copy name are copied in, as spawn does (spawn copies them itself and says
  # AGENT_GUARD_NO_COPY). Node starts only where there is something to copy.
  ag_common=${0%/agent-guard/linked-hooks/*}
  if [ "${1:-${PRE_COMMIT_FROM_REF:-}}" = 0000000000000000000000000000000000000000 ] && [ -z "${AGENT_GUARD_NO_COPY:-}" ] &&
    { [ -f "${ag_common%/*}/.worktreeinclude" ] || [ -f "$ag_common/agent-guard/setup-copy" ]; }; then
    ag_entry={{MAIN_ENTRY}}
    [ -f "$ag_entry" ] || ag_entry={{ENTRY}}
    ag_node=node
    command -v node >/dev/null 2>&1 || ag_node={{NODE}}
    [ ! -f "$ag_entry" ] || "$ag_node" "${ag_entry%/hook-entry.js}/cli/main.js" copy-included || true
  fi
;; esac
if [ -n "$ag_run" ]; then
  ag_entry=node_modules/agent-guard/dist/cjs/hook-entry.js
  [ -f "$ag_entry" ] || ag_entry={{MAIN_ENTRY}}
  [ -f "$ag_entry" ] || ag_entry={{ENTRY}}
  ag_node=node
  command -v node >/dev/null 2>&1 || ag_node={{NODE}}
  if [ ! -f "$ag_entry" ]; then
    echo "agent-guard: cannot find agent-guard for the {{HOOK}} hook; in the main worktree run: npx agent-guard init" >&2
    exit 1
  fi
  export AGENT_GUARD_TRUSTED_HOOK=1
  if [ {{HOOK}} = pre-push ]; then
{{PUSH_INPUT}}
    ag_feed | "$ag_node" "$ag_entry" pre-push "$@" || exit $?
  else
    {{STAGED_DIFF}} || exit $?
  fi
fi
{{CHAIN}}
exit 0
