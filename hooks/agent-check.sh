ag_gitdir=${GIT_DIR:-.git}
if [ -z "${GIT_DIR:-}" ] && [ -f .git ]; then read -r ag_gitdir < .git || true; ag_gitdir=${ag_gitdir#gitdir: }; fi
if [ -n "${AGENT_GUARD_AGENT:-}" ] || [ -f "$ag_gitdir/agent-guard/manifest.json" ]; then
  ag_run=1
else
  # agent branches: {{BRANCHES}}
  ag_head=
  read -r ag_head < "$ag_gitdir/HEAD" || true
  case "$ag_head" in {{BRANCH_CASES}}) ag_run=1 ;; esac
  if [ -n "${CI:-}${GITHUB_ACTIONS:-}" ] && [ -n "${GITHUB_HEAD_REF:-}" ]; then
    case "ref: refs/heads/$GITHUB_HEAD_REF" in {{BRANCH_CASES}}) ag_run=1 ;; esac
  fi
fi
