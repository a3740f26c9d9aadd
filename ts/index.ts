// What every binding exposes, whatever runtime it loads the core in.

export * as crypto from './crypto/index.js';
export * from './errors.js';
export { isInitialized } from './crypto/core.js';
export type { InitInput, InitSyncInput } from './load.js';
