#!/usr/bin/env bash
# Builds the documents of the retrieval evaluation set from Debian packages.
#
#   bot/eval/documents/fetch-documents.sh OUTDIR
#
# Downloads the pinned packages with `apt-get download` (no root needed) into a
# temporary directory, unpacks them with `dpkg-deb -x` and puts one file per
# document into OUTDIR under the names that questions.jsonl uses. Every step
# fails loudly: a package version that apt cannot find, a file missing from a
# package, or a copied file whose checksum differs from the one recorded here
# stops the script with a non-zero exit code.
#
# Needs: apt-get, dpkg-deb, gzip, sha256sum, groff (for the man page).
# The documents are not kept in the repository: run this script instead.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
OUT=$1
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

for tool in apt-get dpkg-deb gzip sha256sum groff; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done

# package=version pins: the questions were checked against exactly these.
PACKAGES=(
  debian-faq-ru=11.1
  ubuntu-packaging-guide-pdf-ru=1.0.4
  instead-doc-ru=3.3.2-1.1
  manpages-ru=4.18.1-1
  doublecmd-help-ru=1.0.10-1
  kicad-doc-ru=6.0.11+dfsg-1
  maint-guide-ru=1.2.53
  fortunes-ru=1.52-3.1
)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

echo "downloading ${#PACKAGES[@]} packages into $WORK" >&2
# apt-get download fails (non-zero) when a pinned version is not available.
if ! apt-get download -q "${PACKAGES[@]}" >&2; then
  echo "error: apt-get download failed; run 'apt-get update' or check the pinned versions" >&2
  exit 1
fi

for spec in "${PACKAGES[@]}"; do
  name=${spec%%=*}
  debs=("$name"_*.deb)
  if [[ ${#debs[@]} -ne 1 || ! -f ${debs[0]} ]]; then
    echo "error: no downloaded .deb for $name" >&2
    exit 1
  fi
  mkdir -p "root/$name"
  dpkg-deb -x "${debs[0]}" "root/$name"
done

# Expected checksums of the documents that are copied or decompressed as they
# are; the man page is rendered by groff, whose output may differ between groff
# versions, so it is checked by check-questions.py only.
declare -A SHA256=(
  [debian-faq.ru.txt]=71077efb77e4244b98dd9492450907aa7fc847b1bf70ae6f4826f09c536516cc
  [ubuntu-packaging-guide.ru.pdf]=d13d07130b0741362744a98365ac52e7ad8a007e7b4a057c14c085aa75f61d6e
  [instead-stead3.ru.pdf]=10d960be6246cbc934b79dc9bd1b40813f85262da443613c363ed27ec087659d
  [doublecmd-configuration.ru.html]=c2d0faaf2004a7845e0976b7bc9f94697e14012425d1551310988ab24aef9028
  [kicad.ru.html]=50b5c1e62c8d1f818c5a1d3244875eb3092b598859823af2f44f0ba761b6e8e3
  [maint-guide-dreq.ru.html]=8fd129787389d56e956ce5c371aeeae69cbba3a8d229f986191caf2b2577fae5
  [fortunes-book.ru.txt]=ecd77e3863f532ee0a4f239decd4f8f38fbdcda663bea731c301791d84ebfd7a
)

need() {  # need PACKAGE PATH: prints the unpacked file, fails if absent
  local f="root/$1/$2"
  if [[ ! -f $f ]]; then
    echo "error: $2 is missing from package $1" >&2
    exit 1
  fi
  printf '%s\n' "$f"
}

copy() {  # copy PACKAGE PATH NAME
  local src
  src=$(need "$1" "$2")
  cp "$src" "$OUT/$3"
}

gunzip_to() {  # gunzip_to PACKAGE PATH NAME
  local src
  src=$(need "$1" "$2")
  gzip -dc "$src" >"$OUT/$3"
}

gunzip_to debian-faq-ru usr/share/doc/debian/FAQ/debian-faq.ru.txt.gz debian-faq.ru.txt
gunzip_to ubuntu-packaging-guide-pdf-ru usr/share/doc/ubuntu-packaging-guide-pdf-ru/ubuntu-packaging-guide.pdf.gz ubuntu-packaging-guide.ru.pdf
copy instead-doc-ru usr/share/doc/instead/manual/pdf/ru/stead3-ru.pdf instead-stead3.ru.pdf
copy doublecmd-help-ru usr/share/doublecmd/doc/ru/configuration.html doublecmd-configuration.ru.html
copy kicad-doc-ru usr/share/doc/kicad/help/ru/kicad.html kicad.ru.html
copy maint-guide-ru usr/share/doc/maint-guide-ru/html/dreq.ru.html maint-guide-dreq.ru.html
copy fortunes-ru usr/share/games/fortunes/ru/book fortunes-book.ru.txt

# The man page tcp(7) rendered to plain UTF-8 text: no hyphenation (-rHY=0),
# no bold/underline escapes (-P-cbou), a fixed line length of 78 columns.
man_src=$(need manpages-ru usr/share/man/ru/man7/tcp.7.gz)
gzip -dc "$man_src" >tcp.7
LC_ALL=C.UTF-8 groff -k -man -Tutf8 -rHY=0 -rLL=78n -P-cbou tcp.7 >"$OUT/tcp.7.ru.txt" 2>groff.err || {
  cat groff.err >&2
  echo "error: groff failed on tcp.7" >&2
  exit 1
}
if [[ ! -s $OUT/tcp.7.ru.txt ]]; then
  echo "error: groff produced an empty tcp.7.ru.txt" >&2
  exit 1
fi

status=0
for name in "${!SHA256[@]}"; do
  actual=$(sha256sum "$OUT/$name" | cut -d' ' -f1)
  if [[ $actual != "${SHA256[$name]}" ]]; then
    echo "error: $name has sha256 $actual, expected ${SHA256[$name]}" >&2
    status=1
  fi
done
if [[ $status -ne 0 ]]; then
  exit 1
fi

echo "wrote 8 documents to $OUT:" >&2
(cd "$OUT" && ls -l debian-faq.ru.txt ubuntu-packaging-guide.ru.pdf instead-stead3.ru.pdf tcp.7.ru.txt \
  doublecmd-configuration.ru.html kicad.ru.html maint-guide-dreq.ru.html fortunes-book.ru.txt) >&2
