# The index's diff, started beside node (not by it): git works while node starts. The last record says
# how git ended; without `agent-guard-exit:0` there, agent-guard runs the diff itself.
{ GIT_OPTIONAL_LOCKS=0 GIT_NO_REPLACE_OBJECTS=1 git -c core.quotepath=off diff --cached --name-status -z -M --no-ext-diff --no-textconv --no-color --no-relative 2>/dev/null; printf 'agent-guard-exit:%s\0' "$?"; } | "$ag_node" "$ag_entry" pre-commit --diff-stdin
