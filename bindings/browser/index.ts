// Browser entry (also workers, extensions, Electron renderers, edge runtimes): the core is
// streamed with WebAssembly.instantiateStreaming from smmp-core.wasm next to this module, or
// from the URL the page passes to init(). Needs a Content-Security-Policy that allows
// 'wasm-unsafe-eval' and lets connect-src reach the .wasm; see bindings/README.md "Browsers".

import { initCore, initCoreSync } from '../../ts/crypto/core.js';
import { fetchCore, isUrlInput, moduleRelativeUrl, syncSourceRequired, type InitInput, type InitSyncInput } from '../../ts/load.js';

export * from '../../ts/index.js';

// Loads the core. Idempotent; concurrent calls share one load. `source` overrides where it comes
// from: a URL (a string is resolved against the page), a Response, bytes or a compiled module.
// Bundlers that rewrite `new URL('...', import.meta.url)` (Vite, webpack, Parcel) copy the .wasm
// for you; with esbuild, copy smmp/smmp-core.wasm next to the bundle or pass its URL here.
export function init(source?: InitInput): Promise<void> {
  return initCore(() => {
    if (source === undefined) return fetchCore(moduleRelativeUrl('./smmp-core.wasm', import.meta.url));
    return isUrlInput(source) ? fetchCore(source) : source;
  });
}

// Synchronous init needs the bytes or a compiled module here (no synchronous fetch); the inline
// entry (smmp/inline) has the bytes built in. Chromium refuses synchronous compiles of modules
// over 8 MB on the main thread; the core is far smaller.
export function initSync(source?: InitSyncInput): void {
  if (source === undefined) throw syncSourceRequired('the browser entry');
  initCoreSync(source);
}
