import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Is an npm package resolvable from here (without loading it)? */
export function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/**
 * What `auto` will try first on this machine, decided without loading tfjs:
 * `tensorflow` when tfjs-node(-gpu) is installed, else `wasm`. Cache keys use this, so a
 * result computed on wasm is never reused where `auto` would run TensorFlow.
 */
export function autoBackendName(): 'tensorflow' | 'wasm' {
  return isInstalled('@tensorflow/tfjs-node-gpu') || isInstalled('@tensorflow/tfjs-node') ? 'tensorflow' : 'wasm';
}
