#!/bin/sh
# Brings data/po/en.po up to date with the source: extracts every string marked with _() or
# N_() from the files listed in data/po/POTFILES into a lianluo.pot in a temporary folder,
# then merges it into en.po (new strings come in untranslated, changed ones fuzzy, removed
# ones obsolete). Translate what is new, then check with
#   msgfmt --check-format -o /dev/null data/po/en.po
# Not part of the build: run it by hand after changing user-visible text.
#
# Usage: sh data/tools/update_po.sh        (from anywhere in the checkout)
set -eu
cd "$(dirname "$0")/../.."

POTFILES=data/po/POTFILES
PO=data/po/en.po

for tool in xgettext msgmerge; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "update_po.sh: $tool not found (install gettext)" >&2
        exit 1
    }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
POT=$tmp/lianluo.pot

# Every line of POTFILES that is not blank or a # comment names a file.
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$POTFILES" >"$tmp/files"
while read -r f; do
    [ -f "$f" ] || {
        echo "update_po.sh: $f (listed in $POTFILES) does not exist" >&2
        exit 1
    }
done <"$tmp/files"

xgettext --from-code=UTF-8 -k_ -kN_ --language=C -o "$POT" -f "$tmp/files"

# The X-macro tables (X(constant, "label") in src/ui/keys.h, X(constant, "code", "label") in
# include/lianluo/station.h and deputy.h) are marked only where they are expanded, through a
# macro parameter xgettext cannot see: take the label argument of X from the headers. The
# empty labels (ACT_NONE, GENDER_UNKNOWN) are skipped by xgettext with a warning, not shown.
grep '\.h$' "$tmp/files" >"$tmp/headers" || true
if [ -s "$tmp/headers" ]; then
    xgettext --from-code=UTF-8 -k_ -kN_ -kX:2,2t -kX:3,3t --language=C --join-existing \
        -o "$POT" -f "$tmp/headers" 2>"$tmp/x.err" || {
        cat "$tmp/x.err" >&2
        exit 1
    }
    # Drop the three-line "Empty msgid" warning; show anything else.
    awk '/warning: Empty msgid/ { skip = 2; next } skip > 0 { skip--; next } { print }' \
        "$tmp/x.err" >&2
    # Those empty labels also left their places on the header entry: take them off.
    awk '!body && /^#: / { next } /^msgid/ { body = 1 } { print }' "$POT" >"$tmp/clean.pot"
    mv "$tmp/clean.pot" "$POT"
fi

msgmerge --quiet --update --backup=none "$PO" "$POT"
msgfmt --check-format --statistics -o /dev/null "$PO"
