/** The wasm backend for a describe block, with its dense products in one mode, restored afterwards. */
import { afterAll, beforeAll } from 'vitest';
import { initBackend, type BackendInfo } from '../../harness/backend/select.ts';
import { setFusedProducts } from '../../harness/backend/wasm/batch-matmul.ts';

/**
 * Call inside `describe`: before its specs, starts the wasm backend and sets the dense products to
 * fused (true) or exact (false); after them, puts back the mode that was set before. Returns a getter
 * for the backend's info (defined once the block's beforeAll has run).
 */
export function wasmWithProducts(fused: boolean): () => BackendInfo {
  let info: BackendInfo | undefined;
  let before = false;
  beforeAll(async () => {
    info = await initBackend('wasm');
    before = setFusedProducts(fused);
  });
  afterAll(() => {
    setFusedProducts(before);
  });
  return () => {
    if (!info) throw new Error('wasmWithProducts: the backend info is read before the describe block\'s beforeAll ran');
    return info;
  };
}
