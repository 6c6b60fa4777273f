import { describe, expect, it } from 'vitest';
import { autoBackendName, hasWebgpuGpuAdapter } from '../../harness/backend/installed.ts';
import { BackendError, initBackend } from '../../harness/backend/select.ts';

// tfjs-node(-gpu) are optional installs that this CI machine cannot download, so here
// `tensorflow` is always missing; these tests check that this is said, never hidden.
// The webgpu backend has its own suite (webgpu.test.ts); CI has no GPU, so `auto` passes it over.
describe('backend selection', () => {
  it('reports the wasm backend and its CPU device', async () => {
    const info = await initBackend('wasm');
    expect(info).toMatchObject({ name: 'wasm', device: 'cpu', requested: 'wasm', package: '@tensorflow/tfjs-backend-wasm' });
    expect(typeof info.details.simd).toBe('boolean');
  });

  it('auto takes webgpu only on a GPU adapter, else falls back to wasm and says why; cache keys agree', async () => {
    const info = await initBackend('auto');
    expect(autoBackendName()).toBe(info.name);
    if (hasWebgpuGpuAdapter()) {
      expect(info).toMatchObject({ name: 'webgpu', device: 'gpu' });
      return;
    }
    expect(info.name).toBe('wasm');
    expect(info.notes.join(' ')).toMatch(/webgpu backend not used: /);
    expect(info.notes.join(' ')).toMatch(/tensorflow backend not used/);
  });

  it('asking for tensorflow when it is not installed is a clear error', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node-gpu or @tensorflow\/tfjs-node, and neither loaded/);
  });

  it('asking for a GPU on a CPU backend is an error, not a silent fallback', async () => {
    await expect(initBackend('wasm', 'gpu')).rejects.toBeInstanceOf(BackendError);
    await expect(initBackend('wasm', 'gpu')).rejects.toThrow(/--device gpu was asked for, but backend 'wasm' runs on the CPU/);
  });

  it('the pure-JS cpu backend works as the last resort', async () => {
    const info = await initBackend('cpu');
    expect(info).toMatchObject({ name: 'cpu', device: 'cpu' });
  });
});
