// The page side of `npm run bench` in Chromium, bundled by bench/browser/launch.ts with esbuild:
// loads the core through the browser entry (streamed from smmp-core.wasm next to the bundle),
// runs the portable suites with WebCrypto as the native implementation and hands the results
// back through functions the launcher exposes on the page.

import { init } from '../../bindings/browser/index.js';
import type { BenchConfig } from '../config.js';
import type { RuntimeResults } from '../results.js';
import { runSuites } from '../run-suites.js';
import { webCryptoNative } from '../native/webcrypto.js';

export interface PageBridge {
  __benchConfig: BenchConfig;
  __benchLog(line: string): Promise<void>;
  __benchDone(results: RuntimeResults): Promise<void>;
  __benchFail(error: string): Promise<void>;
}

const bridge = globalThis as unknown as PageBridge;

// The user agent string says only '156.0.0.0' (reduced); the full version is a high-entropy hint.
async function browserVersion(): Promise<string> {
  type Hints = { getHighEntropyValues(h: string[]): Promise<{ fullVersionList?: { brand: string; version: string }[] }> };
  const data = (navigator as { userAgentData?: Hints }).userAgentData;
  const list = (await data?.getHighEntropyValues(['fullVersionList']))?.fullVersionList ?? [];
  return list.find((b) => /^(Chromium|HeadlessChrome)$/.test(b.brand))?.version ?? /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? 'unknown';
}
try {
  await init();
  const chromium = await browserVersion();
  const results = await runSuites(bridge.__benchConfig, {
    runtime: 'chromium',
    version: `Chromium ${chromium}${crossOriginIsolated ? ', cross-origin isolated' : ''}`,
    native: webCryptoNative,
    log: (line) => void bridge.__benchLog(line),
  });
  await bridge.__benchDone(results);
} catch (e) {
  await bridge.__benchFail(e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e));
}
