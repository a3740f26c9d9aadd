// A module worker that loads the core with the browser entry's default URL (next to the worker
// bundle) and answers with SHA-256("abc").

import { crypto, init } from '../../bindings/browser/index.js';
import { toHex } from '../../ts/bytes.js';

try {
  await init();
  postMessage({ ok: true, digest: toHex(crypto.sha256(new TextEncoder().encode('abc'))) });
} catch (e) {
  postMessage({ ok: false, error: String(e) });
}
