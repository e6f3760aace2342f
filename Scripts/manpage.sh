#!/bin/sh
# Writes the radiomics(1) man page (roff) from the built binary's --help texts, so the page
# always matches the options of the binary that is installed. Usage: Scripts/manpage.sh BIN
set -eu
BIN=${1:?usage: manpage.sh BIN}
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"; }
version=$("$BIN" --version)
printf '.TH RADIOMICS 1 "" "radiomics %s" "User Commands"\n' "$version"
printf '.SH NAME\nradiomics \\- IBSI-compliant radiomics feature extraction\n'
printf '.SH DESCRIPTION\n.nf\n'
"$BIN" --help | esc
printf '.fi\n'
for sub in extract batch presets features ibsi-check; do
  printf '.SH "COMMAND: %s"\n.nf\n' "$sub"
  "$BIN" help "$sub" | esc
  printf '.fi\n'
done
printf '.SH "SHELL COMPLETION"\nradiomics \\-\\-generate-completion-script bash|zsh|fish\n'
