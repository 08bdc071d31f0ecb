#!/bin/sh
# agent-guard: the {{HOOK}} hook of agent "{{AGENT}}"'s worktree. It lives in the worktree's private
# git dir (core.hooksPath is set for this worktree only, via extensions.worktreeConfig), where the
# agent's file edits do not reach. It runs agent-guard first, then the project's own .husky/{{HOOK}}.
ag_node={{NODE}}
ag_entry={{ENTRY}}
export AGENT_GUARD_TRUSTED_HOOK=1
ag_husky=.husky/{{HOOK}}
{{OWN_LINES}}
case {{HOOK}} in
  pre-commit|pre-push)
    if [ ! -x "$ag_node" ] || [ ! -f "$ag_entry" ]; then
      echo "agent-guard: $ag_node or $ag_entry is gone (node or agent-guard moved?); a human runs: agent-guard spawn {{AGENT}}" >&2
      exit 1
    fi ;;
esac
case {{HOOK}} in
  pre-push)
    ag_in=$(cat)
    printf '%s\n' "$ag_in" | "$ag_node" "$ag_entry" pre-push "$@" || exit $?
    if [ -f "$ag_husky" ] && ag_own_lines "$ag_husky"; then printf '%s\n' "$ag_in" | PATH="node_modules/.bin:$PATH" sh -e "$ag_husky" "$@" || exit $?; fi
    ;;
  pre-commit)
    {{STAGED_DIFF}} || exit $?
    if [ -f "$ag_husky" ] && ag_own_lines "$ag_husky"; then PATH="node_modules/.bin:$PATH" sh -e "$ag_husky" "$@" || exit $?; fi
    ;;
  *)
    if [ -f "$ag_husky" ] && ag_own_lines "$ag_husky"; then PATH="node_modules/.bin:$PATH" sh -e "$ag_husky" "$@" || exit $?; fi
    ;;
esac
exit 0
