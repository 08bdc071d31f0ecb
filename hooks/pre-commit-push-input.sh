# Run by the pre-commit framework, which read git's lines already and names the first pushed ref in
# its environment: that ref, checked as a new branch (every commit on no remote-tracking ref).
if [ -n "${PRE_COMMIT_LOCAL_BRANCH:-}" ]; then
  ag_in="$PRE_COMMIT_LOCAL_BRANCH $(git rev-parse --verify --quiet "$PRE_COMMIT_LOCAL_BRANCH^{commit}") $PRE_COMMIT_REMOTE_BRANCH 0000000000000000000000000000000000000000"
  set -- "$PRE_COMMIT_REMOTE_NAME" "$PRE_COMMIT_REMOTE_URL"
fi
