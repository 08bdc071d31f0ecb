#!/bin/sh
# shellcheck disable=SC2194,SC2050,SC2317 # the hook's name is written in with the file (constant case and test words), and every hook carries the chain's helpers, used or not
# agent-guard: the {{HOOK}} hook of agent "{{AGENT}}"'s worktree. It lives in the worktree's private
# git dir (core.hooksPath is set for this worktree only, via extensions.worktreeConfig), where the
# agent's file edits do not reach. It runs agent-guard first, then the hooks that ran before
# agent-guard ({{CHAIN_NAMES}}), as git ran them.
ag_node={{NODE}}
ag_entry={{ENTRY}}
export AGENT_GUARD_TRUSTED_HOOK=1
{{CHAIN_FUNCTIONS}}
case {{HOOK}} in
  pre-commit|pre-push)
    if [ ! -x "$ag_node" ] || [ ! -f "$ag_entry" ]; then
      echo "agent-guard: $ag_node or $ag_entry is gone (node or agent-guard moved?); a human runs: agent-guard spawn {{AGENT}}" >&2
      exit 1
    fi ;;
esac
case {{HOOK}} in
  pre-push) ag_feed | "$ag_node" "$ag_entry" pre-push "$@" || exit $? ;;
  pre-commit) {{STAGED_DIFF}} || exit $? ;;
esac
{{CHAIN}}
exit 0
