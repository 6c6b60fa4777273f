import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors, SafetensorsError, writeSafetensors, type SafeTensor } from '../../harness/util/safetensors.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

describe('safetensors', () => {
  it("reads a file written by Hugging Face's safetensors package (fixtures/make-reference.py)", () => {
    const { tensors, metadata } = readSafetensors(readFileSync(path.join(FIXTURES, 'reference.safetensors')));
    expect(metadata).toEqual({ format: 'pt', trainer: 'reference' });
    expect([...tensors.keys()].sort()).toEqual(['blocks.0.attn.W_O', 'embed.W_E', 'ln_final.b']);
    expect(tensors.get('embed.W_E')!.shape).toEqual([2, 3]);
    expect([...tensors.get('embed.W_E')!.data]).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect([...tensors.get('ln_final.b')!.data]).toEqual([-1.5, 0, 2.25]);
    expect([...tensors.get('blocks.0.attn.W_O')!.data]).toEqual([Math.fround(1e-3), -7, 3.5, Math.fround(1e30)]);
  });

  it('writes the layout the spec gives: u64 LE header length, JSON header padded to 8 bytes, packed LE floats', () => {
    const tensors = new Map<string, SafeTensor>([
      ['a', { shape: [2], data: new Float32Array([1, -2]) }],
      ['b', { shape: [1, 1], data: new Float32Array([0.5]) }],
    ]);
    const bytes = writeSafetensors(tensors, { by: 'staircase' });
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    expect(JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString())).toEqual({
      __metadata__: { by: 'staircase' },
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [1, 1], data_offsets: [8, 12] },
    });
    expect(bytes.length).toBe(8 + n + 12);
    expect([0, 1, 2].map((i) => view.getFloat32(8 + n + 4 * i, true))).toEqual([1, -2, 0.5]);
    const back = readSafetensors(bytes);
    expect(back.tensors.get('a')!.data).toEqual(new Float32Array([1, -2]));
    expect(back.tensors.get('b')!.shape).toEqual([1, 1]);
  });

  it('round-trips the reference file', () => {
    const ref = readSafetensors(readFileSync(path.join(FIXTURES, 'reference.safetensors')));
    const again = readSafetensors(writeSafetensors(ref.tensors, ref.metadata ?? undefined));
    expect(again).toEqual(ref);
  });

  const header = (h: object, dataBytes: number): Uint8Array => {
    const json = Buffer.from(JSON.stringify(h));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    return Buffer.concat([len, json, Buffer.alloc(dataBytes)]);
  };
  it.each([
    ['a header length past the end', (() => { const b = Buffer.alloc(16); b.writeBigUInt64LE(100n); return b; })(), 'the header length 100 runs past the end of the file (16 bytes)'],
    ['another dtype', header({ w: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, 4), 'tensor w has dtype "F16"; write float32 (F32)'],
    ['offsets that disagree with the shape', header({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8), 'tensor w: data_offsets [0, 8] hold 8 bytes, its shape [3] needs 12'],
    ['a gap', header({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8), 'tensor w starts at byte 4, expected 0: tensors must be packed without gaps or overlaps'],
    ['trailing bytes', header({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 8), 'the tensors hold 4 bytes but 8 follow the header'],
  ])('rejects %s with one clear line', (_what, bytes, message) => {
    expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => readSafetensors(bytes)).toThrow(message);
  });
});
