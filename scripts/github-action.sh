#!/usr/bin/env bash
# The GitHub Action's step (action.yml): `segcodemod check --format github` prints one
# annotation per call that needs a person and appends the rest to $GITHUB_STEP_SUMMARY; then
# the Markdown migration report is appended to the job summary. Exit code: check's (1 changes
# pending, 4 only calls that need a person left, 0 with SEGCODEMOD_ALLOW_MANUAL=true).
set -uo pipefail
python="${SEGCODEMOD_PYTHON:-python3}"
read -r -a paths <<< "${SEGCODEMOD_PATHS:-.}"
read -r -a extra <<< "${SEGCODEMOD_ARGS:-}"
target=()
if [ -n "${SEGCODEMOD_TARGET:-}" ]; then target=(--target "$SEGCODEMOD_TARGET"); fi

"$python" -m segcodemod check "${paths[@]}" "${target[@]}" --format github "${extra[@]}"
code=$?

if [ "${SEGCODEMOD_REPORT:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  report="$(mktemp)"
  if "$python" -m segcodemod report "${paths[@]}" "${target[@]}" -o "$report"; then
    { echo; cat "$report"; } >> "$GITHUB_STEP_SUMMARY"
  fi
  rm -f "$report"
fi

if [ "$code" = 4 ] && [ "${SEGCODEMOD_ALLOW_MANUAL:-false}" = "true" ]; then
  echo "::notice title=segcodemod::only calls that need a person are left (allow-manual)"
  code=0
fi
exit "$code"
