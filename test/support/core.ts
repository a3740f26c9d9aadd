// Shared by every test: the package loaded as a user loads it, the size of property runs, and
// access to the vectors (which stay in test/vectors; tests run from dist/test).

import { readFileSync } from 'node:fs';
import { initSync } from '../../bindings/node/index.js';

export * from '../../bindings/node/index.js';
export { fromHex, toHex } from '../../ts/bytes.js';

initSync();

// SMMP_LONG=1 runs the long property mode (100,000 cases); the default keeps CI quick.
export const LONG = process.env.SMMP_LONG === '1';
export const runs = (quick: number): number => (LONG ? 100_000 : quick);

export function vectors<T = any>(relPath: string): T {
  return JSON.parse(readFileSync(new URL(`../../../test/vectors/${relPath}`, import.meta.url), 'utf8')) as T;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
