// Inline entry (smmp/inline): the core's bytes are built into this module, so nothing is fetched
// (no URL to configure, no MIME type, no CORS, no connect-src). For bundlers that do not handle
// .wasm assets, and for any runtime; the page's CSP still needs 'wasm-unsafe-eval'.

import { initCore, initCoreSync } from '../../ts/crypto/core.js';
import { decodeBase64, fetchCore, isUrlInput, type InitInput, type InitSyncInput } from '../../ts/load.js';
import { CORE_WASM_BASE64 } from './core-bytes.generated.js';

export * from '../../ts/index.js';

// Loads the core, from the built-in bytes unless `source` says otherwise. Idempotent.
export function init(source?: InitInput): Promise<void> {
  return initCore(() => (source === undefined ? decodeBase64(CORE_WASM_BASE64) : isUrlInput(source) ? fetchCore(source) : source));
}

export function initSync(source?: InitSyncInput): void {
  initCoreSync(source ?? decodeBase64(CORE_WASM_BASE64));
}
