// Seeded schedules for tests (delivery order, loss): a float view of the portable suites' seeded
// generator, so the tests have one. It never supplies key material: keys always come from the
// runtime's CSPRNG.

import { SeededBytes } from '../portable/seeded.js';

export function seededRandom(seed: number): () => number {
  const g = new SeededBytes(seed);
  return () => g.u32() / 4294967296;
}
