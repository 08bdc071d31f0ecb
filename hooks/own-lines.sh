# Whether the project's .husky script has lines of its own (outside agent-guard's block, not blank,
# not comments): only then is it worth starting a shell for it.
ag_own_lines() {
  ag_in_block=
  while IFS= read -r ag_l || [ -n "$ag_l" ]; do
    ag_t=${ag_l#"${ag_l%%[! 	]*}"}
    case "$ag_t" in
      '# >>> agent-guard >>>'*) ag_in_block=1 ;;
      '# <<< agent-guard <<<'*) ag_in_block= ;;
      ''|'#'*) ;;
      *) [ -n "$ag_in_block" ] || return 0 ;;
    esac
  done < "$1"
  return 1
}
