// What the portable suites share: the runtime-neutral API (the runner has already loaded the core
// through its runtime's binding), hex helpers, and the long-mode switch.

import { env } from './harness.js';

export * from '../../ts/index.js';
export { fromHex, toHex } from '../../ts/bytes.js';
export { assert, suite, test, vectors } from './harness.js';

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// Read when a suite registers its cases (after the runner's configure()).
export const isLong = (): boolean => env().long;
