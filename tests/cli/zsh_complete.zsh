#!/bin/zsh -f
# usage: zsh -f zsh_complete.zsh FPATH_DIR "command line to complete"
# Prints the matches zsh's completion offers, one per line. An interactive zsh
# runs in a pseudo-terminal (zsh/zpty) with compinit over FPATH_DIR; compadd
# is wrapped to print what it adds, tagged; the line is typed with a TAB, then
# ^X runs a widget that prints an end marker. Markers are written split in
# two ('<DO''NE>') so that the terminal's echo of a command never matches.
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
local out
zpty -w z "PROMPT='' RPROMPT='' PS2=''"
# Only the completion helpers (Base, Unix, Zsh) besides ours: compinit
# scans every directory, and all of them take seconds on a busy machine.
# -D alone: no dump file. Never add "-d FILE": it turns dumping back on, and
# compdump writes FILE by renaming a temporary over it (with /dev/null as
# root, that replaced the device with a regular file for every later test).
zpty -w z "setopt extendedglob; fpath=('$1' \${fpath:#*/Completion/(^(Base|Unix|Zsh))}); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  local ret=$?
  (( $#__hits )) && print -r -l -- "<MA""TCH>"${^__hits}
  return ret
}'
zpty -w z 'finish () { print "<DO""NE>"; exit }; zle -N finish; bindkey "^X" finish'
# The prompt shows once the line editor waits for input: then type.
zpty -w z "PROMPT='<PRO''MPT>'"
zpty -r -m z out '*<PROMPT>*' || exit 3
zpty -w -n z "$2"$'\t'
zpty -w -n z $'\C-X'
zpty -r -m z out '*<DONE>*' || exit 4
zpty -d z
local l
for l in ${(f)out}; do
  [[ $l == *'<MATCH>'* ]] && print -r -- "${${l##*<MATCH>}%%$'\r'}"
done
return 0
