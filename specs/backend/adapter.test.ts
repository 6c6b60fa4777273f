import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adapterLabel, describeAdapter, softwareReason } from '../../harness/backend/webgpu/adapter.ts';
import { initBackend } from '../../harness/backend/select.ts';
import { chunkedAddN } from '../../harness/backend/webgpu/kernels.ts';

// Recorded on the CI machine (Debian 12, mesa-vulkan-drivers 25.0.7 from bookworm-backports) by
// `node scripts/webgpu-adapter.mjs`.
const LAVAPIPE = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
  isFallbackAdapter: true,
};

describe('WebGPU adapter report', () => {
  it('calls lavapipe a software adapter, and names the driver', () => {
    const report = describeAdapter(LAVAPIPE);
    expect(report).toMatchObject({ vendor: 'mesa', software: true, isFallbackAdapter: true, driver: 'Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1' });
    expect(report.softwareReason).toMatch(/isFallbackAdapter/);
    expect(adapterLabel(report)).toBe('llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1 (mesa, software)');
  });

  it('recognises software rasterisers by name when isFallbackAdapter is missing or false', () => {
    const { isFallbackAdapter: _unused, ...withoutFlag } = LAVAPIPE;
    expect(softwareReason(withoutFlag)).toMatch(/description names llvmpipe/);
    expect(softwareReason({ vendor: 'google', architecture: '', device: 'subzero', description: 'SwiftShader Device (Subzero)', isFallbackAdapter: false })).toMatch(/SwiftShader/);
    expect(softwareReason({ description: 'lavapipe' })).toMatch(/lavapipe/);
    expect(softwareReason({ vendor: 'mesa', architecture: 'software' })).toMatch(/architecture is 'software'/);
  });

  it('counts a GPU adapter as a GPU', () => {
    const report = describeAdapter({ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA: 550.90.07 550.90.7.0', isFallbackAdapter: false });
    expect(report).toMatchObject({ software: false, softwareReason: '', driver: '550.90.07 550.90.7.0', isFallbackAdapter: false });
  });

  it('keeps missing fields as empty strings and an unknown fallback flag as null', () => {
    expect(describeAdapter({})).toEqual({ vendor: '', architecture: '', device: '', description: '', driver: '', isFallbackAdapter: null, software: false, softwareReason: '' });
  });
});

describe('chunked AddN (the webgpu substitution), run with the cpu backend kernel', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('adds 41 tensors in chunks that fit the binding limit, equal to one AddN, and frees the partial sums', () => {
    const shipped = tf.getKernel('AddN', 'cpu')!.kernelFunc as unknown as Parameters<typeof chunkedAddN>[0];
    let widest = 0;
    const counting: typeof shipped = (args) => {
      widest = Math.max(widest, args.inputs.length);
      return shipped(args);
    };
    const inputs = Array.from({ length: 41 }, (_, i) => tf.fill([3, 2], i + 1));
    const dataIds = () => tf.backend().numDataIds();
    const before = dataIds();
    const backend = tf.backend() as unknown as Parameters<typeof shipped>[0]['backend'];
    const info = chunkedAddN(counting, 7)({ inputs, backend });
    const sum = tf.engine().makeTensorFromTensorInfo(info);
    expect(widest).toBe(7);
    expect(Array.from(sum.dataSync())).toEqual(new Array(6).fill((41 * 42) / 2));
    sum.dispose();
    expect(dataIds()).toBe(before); // the six partial sums were freed
    expect(() => chunkedAddN(shipped, 1)).toThrow(/at least 2 inputs/);
  });
});
