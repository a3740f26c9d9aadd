// Deno runner for the portable suites: loads the core with the Deno binding (from source,
// through import.meta.url) and registers one Deno.test per case.
// Run: deno test --allow-read --allow-env=SMMP_LONG test/deno/   (deno task test)

import { init } from '../../bindings/deno/mod.ts';
import { cases, configure } from '../portable/harness.ts';

await init();
configure({
  runtime: 'deno',
  long: Deno.env.get('SMMP_LONG') === '1',
  loadVector: async (path) => JSON.parse(await Deno.readTextFile(new URL(`../vectors/${path}`, import.meta.url))),
});

const dir = new URL('../portable/suites/', import.meta.url);
const files: string[] = [];
for await (const entry of Deno.readDir(dir)) if (entry.isFile && entry.name.endsWith('.ts')) files.push(entry.name);
for (const file of files.sort()) await import(new URL(file, dir).href);

for (const c of cases()) {
  Deno.test({ name: `${c.suite} > ${c.name}`, ignore: c.skip !== undefined, fn: c.fn });
}
