#!/usr/bin/env node
// Prints, as one JSON line, the WebGPU adapter that Dawn (the npm package `webgpu`) offers on
// this machine, and exits 0; or {"adapter": null, "reason": ...} and exits 1 when there is none.
// Plain Node, no tsx: .ci/run uses it to decide whether to install lavapipe, and `auto`'s cache
// key (harness/backend/installed.ts) uses it without loading tfjs. Dawn and the Vulkan loader
// write their own diagnostics to stderr.
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

let dawn;
try {
  dawn = await import('webgpu');
} catch (error) {
  print({ adapter: null, reason: `the npm package webgpu did not load: ${String(error.message).split('\n')[0]}` });
  process.exit(1);
}
const adapter = await dawn.create([]).requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  print({ adapter: null, reason: 'Dawn found no WebGPU adapter (no usable Vulkan driver)' });
  process.exit(1);
}
const info = adapter.info ?? {};
print({
  adapter: {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter,
  },
});
process.exit(0);
