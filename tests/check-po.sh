#!/bin/sh
# check-po.sh SRCDIR — every user-visible string is translated into
# Simplified Chinese: the sources that mark strings (_(), N_(), C_(),
# NC_()) are all in po/POTFILES.in, po/zh_CN.po is well-formed (msgfmt
# --check) with no fuzzy or untranslated entry, and every string the
# sources mark now has its translation there (msgcmp against a catalog
# made from the sources as they are).
set -eu

src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
status=0

for f in $(grep -l -E '(^|[^A-Za-z0-9_])(N?_|C_|NC_)[[:space:]]*\(' app/*.c core/*.c plot/*.c ui/*.c); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "check-po: $f marks strings for translation but is not in po/POTFILES.in"
    status=1
  fi
done

grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in > "$tmp/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --add-comments=TRANSLATORS: \
  --files-from="$tmp/files" --output="$tmp/now.pot"
n_strings=$(grep -c '^msgid ' "$tmp/now.pot" || true)

if ! msgfmt --check --statistics --output-file=/dev/null po/zh_CN.po 2> "$tmp/stats"; then
  cat "$tmp/stats"
  echo "check-po: po/zh_CN.po does not compile"
  exit 1
fi
if grep -q -E 'fuzzy|untranslated' "$tmp/stats"; then
  cat "$tmp/stats"
  echo "check-po: po/zh_CN.po has fuzzy or untranslated entries"
  status=1
fi
if ! msgcmp po/zh_CN.po "$tmp/now.pot" 2> "$tmp/missing"; then
  head -40 "$tmp/missing"
  echo "check-po: strings of the sources without a translation in po/zh_CN.po" \
       "($(grep -c 'this message' "$tmp/missing" || true) of $((n_strings - 1)))"
  status=1
fi
[ "$status" -eq 0 ] && echo "check-po: $((n_strings - 1)) strings, all translated into zh_CN"
exit "$status"
