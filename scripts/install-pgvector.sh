#!/usr/bin/env bash
# Builds and installs pgvector for Debian 12's PostgreSQL 15. Debian 12 does not package pgvector, so this takes
# Debian's own source package (from the next release, trixie) through apt, checksums checked, and builds it
# (about 15 s). Needs root, postgresql-server-dev-15 and dpkg-dev. Idempotent: does nothing when pgvector is there.
set -euo pipefail
PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
if [ -f "$($PG_CONFIG --sharedir)/extension/vector.control" ]; then
  echo "pgvector is already installed"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/trixie-src.sources" <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt_src=(-o "Dir::Etc::SourceList=$work/trixie-src.sources" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
apt-get "${apt_src[@]}" update -qq
(cd "$work" && apt-get "${apt_src[@]}" source -qq pgvector >/dev/null)
make -C "$work"/pgvector-*/ -j2 PG_CONFIG=$PG_CONFIG OPTFLAGS="" >/dev/null
make -C "$work"/pgvector-*/ install PG_CONFIG=$PG_CONFIG >/dev/null
echo "pgvector installed"
