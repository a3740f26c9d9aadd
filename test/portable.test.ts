// Node runner for the portable suites (test/portable/suites): loads the core with the Node
// binding, gives the harness fs access to the vectors, and registers every case with node:test
// so `node --test` reports and counts them like any other test.

import { describe, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { initSync } from '../bindings/node/index.js';
import { cases, configure } from './portable/harness.js';

initSync();
configure({
  runtime: 'node',
  long: process.env.SMMP_LONG === '1',
  // dist/test/portable.test.js -> test/vectors/
  loadVector: async (path) => JSON.parse(readFileSync(new URL(`../../test/vectors/${path}`, import.meta.url), 'utf8')),
});

const dir = new URL('./portable/suites/', import.meta.url);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) await import(new URL(file, dir).href);

const bySuite = new Map<string, ReturnType<typeof cases>[number][]>();
for (const c of cases()) bySuite.set(c.suite, [...(bySuite.get(c.suite) ?? []), c]);
for (const [name, list] of bySuite) {
  describe(name, () => {
    for (const c of list) test(c.name, { skip: c.skip ?? false }, c.fn);
  });
}
