#!/usr/bin/env bash
# Prints the path of a CPython interpreter of the version the Lambda functions run (PYTHON_VERSION below, the
# same as infra/assets.py LAMBDA_PYTHON_VERSION; a test keeps the two equal), so that every test runs on the
# Python that production runs.
#
# Looks for one on PATH, then under pyenv, then in .python/ (built here before). When the machine has none
# (Debian 12 ships 3.11 only), builds it into .python/ from Debian's own source package of that version
# (the upstream tarball, checksummed and signed by Debian's archive), which takes a few minutes once.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON_VERSION=3.13
DEST=${MSDS_PYTHON_PREFIX:-$PWD/.python}
# The Debian release whose python3.13 source package is used when a build is needed.
SOURCE_SUITE=trixie

is_wanted() {
  [ -x "$1" ] && "$1" -c "import sys, ssl, sqlite3, lzma, bz2, ctypes, zlib; \
sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$PYTHON_VERSION' else 1)" 2>/dev/null
}

candidates=("$DEST/bin/python$PYTHON_VERSION")
if command -v "python$PYTHON_VERSION" >/dev/null 2>&1; then
  candidates+=("$(command -v "python$PYTHON_VERSION")")
fi
if command -v pyenv >/dev/null 2>&1 || [ -d "${PYENV_ROOT:-$HOME/.pyenv}/versions" ]; then
  for d in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$PYTHON_VERSION".*; do
    candidates+=("$d/bin/python$PYTHON_VERSION")
  done
fi
for c in "${candidates[@]}"; do
  if is_wanted "$c"; then
    # pyenv's shims resolve through a version file; report the real interpreter.
    "$c" -c "import sys; print(sys.executable)"
    exit 0
  fi
done

echo "setup: no Python $PYTHON_VERSION here; building it into $DEST from Debian's source package" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
BUILD_DEPS=(build-essential dpkg-dev libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev
  uuid-dev libreadline-dev libncurses-dev libexpat1-dev)
missing=()
for p in "${BUILD_DEPS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private apt configuration that knows only the source suite: the machine's own lists stay untouched.
mkdir -p "$work/apt/sources.list.d" "$work/apt/lists/partial" "$work/apt/cache/archives/partial"
cat > "$work/apt/sources.list.d/python-source.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $SOURCE_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/apt/sources.list.d"
  -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" update -qq
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only -qq "python$PYTHON_VERSION" >/dev/null)
tarball=$(ls "$work"/python"$PYTHON_VERSION"_*.orig.tar.xz)
mkdir "$work/src"
tar -xJf "$tarball" -C "$work/src" --strip-components=1
log="$work/build.log"
echo "setup: configuring and compiling CPython (log: .python-build.log)" >&2
(
  cd "$work/src"
  ./configure --prefix="$DEST" --with-ensurepip=install --without-doc-strings >"$log" 2>&1
  make -j"$(nproc)" >>"$log" 2>&1
  make install >>"$log" 2>&1
) || { cp "$log" .python-build.log; echo "setup: the CPython build failed, see .python-build.log" >&2; exit 1; }
cp "$log" .python-build.log
if ! is_wanted "$DEST/bin/python$PYTHON_VERSION"; then
  echo "setup: the CPython built into $DEST lacks a standard module (ssl, sqlite3, lzma, ...)" >&2
  exit 1
fi
echo "$DEST/bin/python$PYTHON_VERSION"
