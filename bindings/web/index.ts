// Entry point for Deno, browsers, workers and other fetch-capable runtimes. The core is fetched
// from next to the package (override with a URL, a Response, bytes or a compiled module).

import { initCore, initCoreSync, type CoreSource } from '../../ts/crypto/core.js';

export * from '../../ts/index.js';

const WASM_URL = new URL('../../../build/smmp-core.wasm', import.meta.url);

export function init(source?: URL | string | CoreSource): Promise<void> {
  return initCore(() => {
    if (source === undefined) return fetch(WASM_URL);
    if (typeof source === 'string' || source instanceof URL) return fetch(source);
    return source;
  });
}

// Synchronous init from bytes or a compiled module (browsers limit synchronous compiles of large
// modules on the main thread; prefer init() there).
export function initSync(source: BufferSource | WebAssembly.Module): void {
  initCoreSync(source);
}
