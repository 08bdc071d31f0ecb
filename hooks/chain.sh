# The hooks that ran before agent-guard's, run after its check as git ran them: each with the hook's
# arguments and standard input, and its exit code deciding as before.
ag_in=
case {{HOOK}} in pre-push|post-rewrite|reference-transaction) [ -t 0 ] || ag_in=$(cat) ;; esac
ag_feed() { [ -z "$ag_in" ] || printf '%s\n' "$ag_in"; }
ag_call() {
  case {{HOOK}} in pre-push|post-rewrite|reference-transaction) ag_feed | "$@" ;; *) "$@" ;; esac
}
# Whether a .husky script has lines of the project's own (outside agent-guard's block, not blank, not
# comments): only then is it worth starting a shell for it.
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
# The project's .husky/HOOK, as husky runs it.
ag_husky() {
  [ -f "$1" ] && ag_own_lines "$1" || return 0
  ag_init="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
  # shellcheck source=/dev/null # the user's own husky init file, as husky sources it
  [ -f "$ag_init" ] && . "$ag_init"
  [ "${HUSKY-}" = "0" ] && return 0
  ag_path="node_modules/.bin:$PATH"
  case {{HOOK}} in pre-push|post-rewrite|reference-transaction) ag_feed | PATH=$ag_path sh -e "$@" ;; *) PATH=$ag_path sh -e "$@" ;; esac
}
# A hook of the folder git ran hooks from before agent-guard: run when git would have run it.
ag_previous() {
  [ -f "$1" ] && [ -x "$1" ] || return 0
  ag_husky_shim "$1" && return 0
  ag_call "$@"
}
# husky 9's file in .husky/_ only hands over to .husky/HOOK, which ran above: not a second time.
ag_husky_shim() {
  while IFS= read -r ag_l || [ -n "$ag_l" ]; do
    # shellcheck disable=SC2016 # the line as husky writes it, dollar signs and all
    case "$ag_l" in '. "$(dirname "$0")/h"') return 0 ;; esac
  done < "$1"
  return 1
}
