#!/bin/sh
# agent-guard: the {{HOOK}} hook of every linked worktree of this repository, whoever made it (git
# worktree add, claude --worktree, a runner). git finds it through core.hooksPath, which .git/config
# includes for .git/worktrees/* only (agent-guard/worktrees.config), so it needs no install step in
# the worktree and lives in the common git dir, out of reach of the worktree's file edits. An agent's
# commit or push runs agent-guard first; then, as husky does, the project's own .husky/{{HOOK}}.
ag_run=
case {{HOOK}} in pre-commit|pre-push)
{{AGENT_CHECK}}
;; esac
ag_husky=.husky/{{HOOK}}
{{OWN_LINES}}
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
    ag_in=$(cat)
    printf '%s\n' "$ag_in" | "$ag_node" "$ag_entry" pre-push "$@" || exit $?
    [ -f "$ag_husky" ] && ag_own_lines "$ag_husky" || exit 0
    [ "${HUSKY-}" = "0" ] && exit 0
    export PATH="node_modules/.bin:$PATH"
    printf '%s\n' "$ag_in" | sh -e "$ag_husky" "$@"
    exit $?
  fi
  {{STAGED_DIFF}} || exit $?
fi
[ -f "$ag_husky" ] && ag_own_lines "$ag_husky" || exit 0
ag_init="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
[ -f "$ag_init" ] && . "$ag_init"
[ "${HUSKY-}" = "0" ] && exit 0
export PATH="node_modules/.bin:$PATH"
exec sh -e "$ag_husky" "$@"
