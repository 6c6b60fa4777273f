/**
 * Slice and SplitV overrides for the wasm backend. tfjs's wasm Slice reads its input with
 * `readSync`, which copies the whole input out of the heap before taking the slice; SplitV calls it
 * once per output. The fused AdamW splits its flat update back into every parameter (52 outputs for
 * the standard smoke model), so each step copied the whole update 52 times: SplitV was a quarter of
 * the standard smoke step (docs/core.md). These versions read the input through a view of the heap
 * instead. They copy the same elements to the same places, so results are identical
 * (specs/backend/wasm-slice.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { overrideWasmKernel } from './override.ts';

interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** A slice copied between heap views; null when it needs tfjs's own kernel (strings, rank > 4). */
function sliceFromHeap(backend: HeapBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo | null {
  if (x.dtype === 'string' || x.shape.length > 4) return null;
  // The output first: allocating can grow the heap, which detaches views taken before it.
  const out = backend.makeOutput(size, x.dtype);
  const n = size.reduce((a, b) => a * b, 1);
  if (n === 0) return out;
  const xVals = backend.typedArrayFromHeap(x);
  const outVals = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    outVals.set(xVals.subarray(offset, offset + n));
    return out;
  }
  // Copy runs of the last axis, walking the outer axes (rank 2 to 4 padded to 4).
  const pad = 4 - x.shape.length;
  const b4 = [...new Array<number>(pad).fill(0), ...begin];
  const s4 = [...new Array<number>(pad).fill(1), ...size];
  const st4 = [...new Array<number>(pad).fill(0), ...strides, 1].slice(-4);
  let o = 0;
  for (let i = b4[0]!; i < b4[0]! + s4[0]!; i++) {
    for (let j = b4[1]!; j < b4[1]! + s4[1]!; j++) {
      for (let k = b4[2]!; k < b4[2]! + s4[2]!; k++) {
        const from = i * st4[0]! + j * st4[1]! + k * st4[2]! + b4[3]!;
        outVals.set(xVals.subarray(from, from + s4[3]!), o);
        o += s4[3]!;
      }
    }
  }
  return out;
}

export function registerWasmSliceOverrides(): void {
  overrideWasmKernel('Slice', (slice) => (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.TensorInfo & tf.Tensor, begin, size);
    return sliceFromHeap(args.backend as HeapBackend, x, b!, s!) ?? slice.kernelFunc(args);
  });
  overrideWasmKernel('SplitV', (splitV) => (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    if (x.dtype === 'string' || x.shape.length > 4) return splitV.kernelFunc(args);
    const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
    const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.TensorInfo & tf.Tensor, numOrSizeSplits, ax);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[ax] = s;
      const out = sliceFromHeap(args.backend as HeapBackend, x, [...begin], size)!;
      begin[ax]! += s;
      return out;
    });
  });
}
