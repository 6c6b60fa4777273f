/* global WebAssembly */
// Rewrite clang 14's pre-standard f32x4.fma opcode (0xfd 0xaf 0x01) to the standard relaxed SIMD
// f32x4.relaxed_madd (0xfd 0x85 0x02; same operands, x * y + acc, same length) in a module built
// with -mrelaxed-simd, then check the result: it must validate with relaxed SIMD on, and wasm2wat
// (wabt), where installed, must list as many relaxed_madd as bytes were rewritten.
// Usage: node scripts/wasm-relaxed-madd.mjs FILE.wasm EXPECTED_MIN
import { execFileSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const [file, minimum] = process.argv.slice(2);
const bytes = readFileSync(file);
const OLD = Buffer.from([0xfd, 0xaf, 0x01]);
const NEW = Buffer.from([0xfd, 0x85, 0x02]);
let count = 0;
for (let at = bytes.indexOf(OLD); at >= 0; at = bytes.indexOf(OLD, at + 3)) {
  NEW.copy(bytes, at);
  count += 1;
}
const fail = (why) => {
  console.error(`${file}: ${why}`);
  process.exit(1);
};
if (count < Number(minimum)) fail(`${count} fused multiply-adds rewritten, expected at least ${minimum}`);
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
if (!WebAssembly.validate(bytes)) fail('does not validate after the rewrite');
writeFileSync(file, bytes);
try {
  const wat = execFileSync('wasm2wat', ['--enable-relaxed-simd', file], { encoding: 'utf8' });
  const listed = wat.split('f32x4.relaxed_madd').length - 1;
  if (listed !== count) fail(`wasm2wat lists ${listed} relaxed_madd, ${count} were rewritten`);
} catch (e) {
  if (e.code !== 'ENOENT') throw e;
  console.error('wasm2wat (Debian: wabt) not found: the rewrite was checked by validation only');
}
console.log(`${file}: ${count} fused multiply-adds`);
