#!/usr/bin/env bash
# Rebuild .devcarry/ (ignored: .git/info/exclude holds /.devcarry/) from this machine's node and
# node_modules, for a bare x86-64 Linux machine with no node and no registry that receives the
# working tree plus carried paths (64 MiB in all). scripts/device/unpack.sh undoes it there.
#
#   .devcarry/node.xz               /usr/bin/node (or $NODE), debug info stripped, xz
#   .devcarry/node_modules.tar.xz   the runtime closure of package.json "dependencies", pruned
#   .devcarry/MANIFEST              node version, sizes and sha256 of both
#
# What is kept: the packages that package.json "dependencies" need at run time, found through
# package-lock.json (optional ones only where installed here, e.g. @esbuild/linux-x64), without
# the optional webgpu packages (so `--backend auto` resolves to wasm there), @types/*, and the
# CLI-only deps of @tensorflow/tfjs (core-js, yargs, ...: tf.node.js requires none of them).
# Pruned: every @tensorflow package down to its Node bundle (package.json "main"), the wasm
# backend to its SIMD binary (the harness's own kernels need SIMD; Node runs it unthreaded),
# esbuild's duplicate binary in esbuild/bin, source maps, type declarations, TypeScript sources,
# markdown, top-level docs/tests folders, minified and browser bundles. Deterministic: same
# inputs, same bytes (sorted tar, mtime 0, uid 0, single-threaded xz). node.xz is rebuilt only when
# the node binary changed (MANIFEST's `source` line). About 2 minutes on one core.
#
# Usage (repo root): scripts/device/make-carry.sh        env: NODE=/path/to/node XZ_LEVEL=9
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
NODE_BIN=${NODE:-$(command -v node)}
NODE_BIN=$(readlink -f "$NODE_BIN")
LEVEL=${XZ_LEVEL:-9}
OUT=$ROOT/.devcarry
[ -d node_modules ] || { echo "make-carry: no node_modules here (npm ci first)" >&2; exit 1; }
grep -qx '/.devcarry/' .git/info/exclude 2>/dev/null || echo '/.devcarry/' >>.git/info/exclude

STAGE=$(mktemp -d /tmp/staircase-carry.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/tree" "$OUT"

# 1. The package closure and the pruned copy (node, since package-lock.json is JSON).
"$NODE_BIN" --input-type=module - "$ROOT" "$STAGE/tree" <<'EOF'
import fs from 'node:fs';
import path from 'node:path';
const [root, dest] = process.argv.slice(2);
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const pkgs = lock.packages;
const SKIP_EDGE = {
  '': new Set(['@tensorflow/tfjs-backend-webgpu', 'webgpu']),
  'node_modules/@tensorflow/tfjs': new Set(['argparse', 'chalk', 'core-js', 'regenerator-runtime', 'yargs']),
};
/** Node's lookup: the nearest node_modules/NAME at or above `from`. */
function resolve(from, name) {
  let dir = from;
  for (;;) {
    const key = (dir ? `${dir}/` : '') + `node_modules/${name}`;
    if (pkgs[key]) return key;
    if (!dir) return null;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}
const keep = new Set();
const queue = [''];
while (queue.length) {
  const at = queue.shift();
  const info = pkgs[at];
  const skip = SKIP_EDGE[at] ?? new Set();
  const deps = [
    ...Object.keys(info.dependencies ?? {}).map((n) => [n, false]),
    ...Object.keys(at === '' ? {} : (info.optionalDependencies ?? {})).map((n) => [n, true]),
    ...Object.entries(info.peerDependencies ?? {}).filter(([n]) => !info.peerDependenciesMeta?.[n]?.optional).map(([n]) => [n, true]),
  ];
  for (const [name, optional] of deps) {
    if (skip.has(name) || name.startsWith('@types/')) continue;
    const key = resolve(at, name);
    if (!key || !fs.existsSync(path.join(root, key, 'package.json'))) {
      if (optional) continue;
      throw new Error(`make-carry: ${at || 'root'} needs ${name}, which is not installed`);
    }
    if (!keep.has(key)) { keep.add(key); queue.push(key); }
  }
}

const DROP_DIR = /^(\.github|docs?|tests?|__tests__|spec|examples?|benchmarks?|coverage|\.vscode)$/i;
const DROP_FILE = /(\.map|\.d\.[cm]?ts|\.ts|\.tsx|\.md|\.markdown|\.flow|\.tsbuildinfo|\.min\.js|\.min\.mjs)$|^(CHANGELOG|HISTORY|CHANGES|AUTHORS|CONTRIBUTING|\.eslintrc|\.npmignore|\.travis|\.editorconfig|\.prettierrc|tsconfig)/i;
/** Per-package allow lists (paths relative to the package); null: the generic rules. */
function allowList(key, pj) {
  const name = key.slice(key.lastIndexOf('node_modules/') + 13);
  if (name.startsWith('@tensorflow/')) {
    const files = ['package.json', pj.main];
    if (name === '@tensorflow/tfjs-backend-wasm') files.push('dist/tfjs-backend-wasm-simd.wasm');
    return new Set(files.map((f) => path.posix.normalize(f)));
  }
  return null;
}
let nfiles = 0;
let bytes = 0;
function copy(srcDir, dstDir, rel, allow, pkgName) {
  for (const e of fs.readdirSync(srcDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    const s = path.join(srcDir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules') continue; // nested packages are copied as packages of their own
      if (!allow && !rel && DROP_DIR.test(e.name)) continue; // top level only: yaml's dist/doc/ is code
      if (pkgName === 'esbuild' && r === 'bin') continue; // a copy of @esbuild/<platform>/bin/esbuild, the CLI's
      if (pkgName === 'yaml' && r === 'browser') continue;
      copy(s, path.join(dstDir, e.name), r, allow, pkgName);
    } else if (e.isFile() || e.isSymbolicLink()) {
      if (allow ? !allow.has(r) && !/^LICENSE/i.test(r) : DROP_FILE.test(e.name) && !/^LICENSE/i.test(e.name)) continue;
      const st = fs.statSync(s);
      fs.mkdirSync(dstDir, { recursive: true });
      fs.copyFileSync(s, path.join(dstDir, e.name));
      fs.chmodSync(path.join(dstDir, e.name), st.mode & 0o111 ? 0o755 : 0o644);
      nfiles++;
      bytes += st.size;
    }
  }
}
for (const key of [...keep].sort()) {
  const pj = JSON.parse(fs.readFileSync(path.join(root, key, 'package.json'), 'utf8'));
  const allow = allowList(key, pj);
  copy(path.join(root, key), path.join(dest, key), '', allow, key.slice(key.lastIndexOf('node_modules/') + 13));
  if (allow) for (const f of allow) if (!fs.existsSync(path.join(dest, key, f))) throw new Error(`make-carry: ${key}/${f} missing`);
}
fs.writeFileSync(path.join(dest, 'node_modules', '.devcarry-packages'), [...keep].sort().map((k) => `${k}@${pkgs[k].version}`).join('\n') + '\n');
console.log(`make-carry: ${keep.size} packages, ${nfiles} files, ${(bytes / 1048576).toFixed(1)} MiB uncompressed`);
EOF

# 2. Deterministic tarball of node_modules, and node itself.
find "$STAGE/tree" -type d -exec chmod 755 {} +
tar -C "$STAGE/tree" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -cf - node_modules \
  | xz -T1 -"$LEVEL" -c >"$OUT/node_modules.tar.xz.tmp"
mv "$OUT/node_modules.tar.xz.tmp" "$OUT/node_modules.tar.xz"
SRC_SHA=$(sha256sum "$NODE_BIN" | cut -d' ' -f1)
if [ -f "$OUT/node.xz" ] && grep -q "^source $SRC_SHA" "$OUT/MANIFEST" 2>/dev/null; then
  echo "make-carry: node.xz is already of $NODE_BIN (sha256 $SRC_SHA); kept"
else
  cp "$NODE_BIN" "$STAGE/node"
  strip --strip-debug "$STAGE/node" 2>/dev/null || true
  "$STAGE/node" --version >/dev/null
  xz -T1 -"$LEVEL" -c "$STAGE/node" >"$OUT/node.xz.tmp"
  mv "$OUT/node.xz.tmp" "$OUT/node.xz"
fi

{
  echo "node $("$NODE_BIN" --version) $(uname -m) from $NODE_BIN"
  echo "source $SRC_SHA (sha256 of $NODE_BIN before strip)"
  (cd "$OUT" && sha256sum node.xz node_modules.tar.xz)
  (cd "$OUT" && du -b node.xz node_modules.tar.xz)
} >"$OUT/MANIFEST"
cat "$OUT/MANIFEST"
du -sh "$OUT"
