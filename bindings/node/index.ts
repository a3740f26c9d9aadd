// Node entry point: the core is read from the package with fs, so it loads with no network,
// no bundler and no MIME types.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { initCore, initCoreSync } from '../../ts/crypto/core.js';

export * from '../../ts/index.js';

// dist/bindings/node/index.js -> build/smmp-core.wasm at the package root.
const WASM_URL = new URL('../../../build/smmp-core.wasm', import.meta.url);

// Loads the core. Idempotent; concurrent calls share one load. Pass bytes or a compiled module
// to load a core from elsewhere.
export function init(source?: BufferSource | WebAssembly.Module): Promise<void> {
  return initCore(() => source ?? readFile(WASM_URL));
}

// The same, synchronously (Node compiles synchronously without limits).
export function initSync(source?: BufferSource | WebAssembly.Module): void {
  initCoreSync(source ?? readFileSync(WASM_URL));
}
