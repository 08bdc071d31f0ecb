  ag_entry=node_modules/agent-guard/dist/cjs/hook-entry.js
  [ -f "$ag_entry" ] || ag_entry="$(git rev-parse --path-format=absolute --git-common-dir)/../node_modules/agent-guard/dist/cjs/hook-entry.js"
  [ -f "$ag_entry" ] || ag_entry="$(git config --get agent-guard.entry || true)"
  ag_node=node
  command -v node >/dev/null 2>&1 || ag_node="$(git config --get agent-guard.node || true)"
