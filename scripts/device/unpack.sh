#!/bin/sh
# On a bare x86-64 Linux machine that got the working tree plus the carried .devcarry/ (built by
# scripts/device/make-carry.sh): unpack node to /tmp/devnode/bin/node and the pruned runtime
# node_modules to ./node_modules, then print node's version. Needs tar and xz, or python3 alone.
# Run from anywhere; it works in the repo root it lives in. Then:
#   export PATH=/tmp/devnode/bin:$PATH; node bin/staircase.mjs sweep ...
# A node_modules that this script did not unpack (no node_modules/.devcarry-packages) is left
# alone: it refuses rather than replace a full install (STAIRCASE_UNPACK_FORCE=1 overrides).
set -eu
cd "$(dirname "$0")/../.."
CARRY=.devcarry
NODE_DIR=${DEVNODE_DIR:-/tmp/devnode}
for f in node.xz node_modules.tar.xz; do
  [ -f "$CARRY/$f" ] || { echo "unpack: $CARRY/$f is missing (carry .devcarry; build it with scripts/device/make-carry.sh)" >&2; exit 1; }
done
if [ -e node_modules ] && [ ! -f node_modules/.devcarry-packages ] && [ "${STAIRCASE_UNPACK_FORCE:-0}" != 1 ]; then
  echo "unpack: ./node_modules exists and is not a .devcarry one; not replacing it (STAIRCASE_UNPACK_FORCE=1 to)" >&2
  exit 1
fi

if command -v xz >/dev/null 2>&1 && command -v tar >/dev/null 2>&1; then
  unxz_to() { xz -dc "$1" >"$2"; }
  untar_xz() { xz -dc "$1" | tar -xf - -C "$2" --no-same-owner; }
else
  PY=$(command -v python3 || command -v python) || { echo "unpack: needs xz and tar, or python3" >&2; exit 1; }
  unxz_to() { "$PY" -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; }
  untar_xz() { "$PY" -c 'import sys,tarfile; t=tarfile.open(sys.argv[1], "r:xz"); (t.extractall(sys.argv[2], filter="tar") if hasattr(tarfile, "data_filter") else t.extractall(sys.argv[2]))' "$1" "$2"; }
fi

mkdir -p "$NODE_DIR/bin"
unxz_to "$CARRY/node.xz" "$NODE_DIR/bin/node.tmp"
chmod 755 "$NODE_DIR/bin/node.tmp"
mv -f "$NODE_DIR/bin/node.tmp" "$NODE_DIR/bin/node"

rm -rf node_modules.unpack node_modules
mkdir node_modules.unpack
untar_xz "$CARRY/node_modules.tar.xz" node_modules.unpack
mv node_modules.unpack/node_modules node_modules
rmdir node_modules.unpack

echo "unpack: node $("$NODE_DIR/bin/node" --version) at $NODE_DIR/bin/node; $(wc -l <node_modules/.devcarry-packages) packages in $(pwd)/node_modules"
