/**
 * safetensors (https://github.com/huggingface/safetensors), float32 only: an 8-byte little-endian
 * header length N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?:
 * {string: string}}` (offsets relative to the byte buffer after the header), then the raw
 * little-endian tensor bytes, packed without gaps. No npm package for it is small, pure JS and kept,
 * so this is the whole format as staircase needs it.
 */

export interface SafeTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A file that is not safetensors, or not the float32 tensors staircase reads. */
export class SafetensorsError extends Error {}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Bytes of a safetensors file holding `tensors` (in this order), and `metadata` if given. */
export function writeSafetensors(tensors: ReadonlyMap<string, SafeTensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, t] of tensors) {
    if (t.data.length !== size(t.shape)) throw new SafetensorsError(`tensor ${name} has ${t.data.length} values, its shape [${t.shape.join(', ')}] needs ${size(t.shape)}`);
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + 4 * t.data.length] };
    offset += 4 * t.data.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8); // the reference writer pads to 8 bytes
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of tensors.values()) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i]!, true);
  }
  return out;
}

/** The tensors of a safetensors file, by name, and its metadata; anything malformed is a SafetensorsError. */
export function readSafetensors(bytes: Uint8Array): { tensors: Map<string, SafeTensor>; metadata: Record<string, string> | null } {
  if (bytes.length < 8) throw new SafetensorsError(`${bytes.length} bytes is too short for a safetensors file (8-byte header length first)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) throw new SafetensorsError(`the header length ${headerLength} runs past the end of the file (${bytes.length} bytes)`);
  const dataStart = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, dataStart)).toString('utf8'));
  } catch (error) {
    throw new SafetensorsError(`the header is not JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new SafetensorsError('the header is not a JSON object');
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, SafeTensor>();
  let metadata: Record<string, string> | null = null;
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== 'F32') throw new SafetensorsError(`tensor ${name} has dtype ${JSON.stringify(e.dtype)}; write float32 (F32)`);
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 0)) throw new SafetensorsError(`tensor ${name} has shape ${JSON.stringify(shape)}, not a list of sizes`);
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((n) => Number.isInteger(n) && n >= 0)) throw new SafetensorsError(`tensor ${name} has data_offsets ${JSON.stringify(offsets)}, not [begin, end]`);
    const [begin, end] = offsets as [number, number];
    if (end - begin !== 4 * size(shape as number[])) throw new SafetensorsError(`tensor ${name}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, its shape [${shape.join(', ')}] needs ${4 * size(shape as number[])}`);
    if (end > dataLength) throw new SafetensorsError(`tensor ${name}: data_offsets end ${end} runs past the ${dataLength} data bytes`);
    // copy: the data is little-endian and need not be 4-byte aligned in the buffer
    const data = new Float32Array(size(shape as number[]));
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(dataStart + begin + 4 * i, true);
    tensors.set(name, { shape: shape as number[], data });
    spans.push([begin, end, name]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== at) throw new SafetensorsError(`tensor ${name} starts at byte ${begin}, expected ${at}: tensors must be packed without gaps or overlaps`);
    at = end;
  }
  if (at !== dataLength) throw new SafetensorsError(`the tensors hold ${at} bytes but ${dataLength} follow the header`);
  return { tensors, metadata };
}
