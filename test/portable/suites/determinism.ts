// Determinism across runtimes: the same seeded inputs run through the whole crypto API must give
// byte-identical outputs in Node, Deno and Chromium. Each area's outputs are hashed into a digest
// and compared with the value recorded below, so a runtime that diverges fails here (and names
// the area). If an output changes on purpose (a new input, a changed API), all runtimes change
// alike: update the recorded digests from the failure message.
//
// The protocol area covers run packets and epoch keys from seeded run secrets, and the data and
// healing derivations; the 3-member group suite (group.ts) covers the engine end to end.

import { assert, crypto, suite, test, toHex } from '../support.js';
import { SeededBytes } from '../seeded.js';
import { Run, type RunStep } from '../../../ts/protocol/run/run.js';
import { Roster } from '../../../ts/protocol/roster.js';
import type { RunSecrets } from '../../../ts/protocol/run/secrets.js';
import { bodyTag, chainStep, healChain, healCommit, healPadMask, messageId, packetKeys, safetyNumber } from '../../../ts/protocol/keyschedule.js';
import { decode } from '../../../ts/protocol/packets.js';

const RECORDED: Record<string, string> = {
  hashes: 'aa7bcead0a7fde5bdfa751b9c35c4d289edabdeb1c6e0a14501c592aff5eaf5c',
  hmac: '620bab859e93fc8ffb452a3ad136b063cd204509154f9892da1b034113f58959',
  hkdf: '2d46d756e16a188c6f55054b51cdcbe839c23010cfe6a9c2aa3a5fd7630006ae',
  aes: 'f431914f1c574f0ede378116f34a37c4a750ab2d124abadf911279520c2b99bc',
  x25519: 'dc908880eea6d1a293130288addb94daacc30a75e34827c004d2f6fe00bca62c',
  ed25519: '34e6a6bce84306e913814408680335eccd4949018ccce46e0c1e4ce0c765a1a6',
  scalar: 'c6ff32b9c3c7477aebc9f34b165d99da1049ab451ffaa2e3186dae77619a96d8',
  ristretto255: '6bf861edd818787b625b31aca26b6c85f1917fd0718c32293abc610cc72fc47d',
  bd: '717c5505438b71f336dfd171ae480142a0bec95dcf3dc1dc3f49490a34e57697',
  protocol: '8ef9c3d11fdae4c5b2de2942ba6034c394612d39ea67b0d62d36843b6def1ccd',
};

// Collects outputs in order, length-prefixed so that boundaries count.
class Transcript {
  private parts: Uint8Array[] = [];
  add(...outs: (Uint8Array | boolean | number)[]): void {
    for (const o of outs) {
      const b = o instanceof Uint8Array ? o : new Uint8Array([typeof o === 'boolean' ? (o ? 1 : 0) : o & 0xff]);
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, b.length);
      this.parts.push(len, b);
    }
  }
  digest(): string {
    let n = 0;
    for (const p of this.parts) n += p.length;
    const all = new Uint8Array(n);
    let off = 0;
    for (const p of this.parts) {
      all.set(p, off);
      off += p.length;
    }
    return toHex(crypto.sha256(all));
  }
}

// A run's fresh values from seeded bytes (only here: a real run draws them from the CSPRNG).
function seededSecrets(r: SeededBytes): RunSecrets {
  const [rr, q, h] = [r.bytes(32), r.bytes(32), seededScalar(r)];
  return { r: rr, R: crypto.x25519Base(rr), q, Q: crypto.x25519Base(q), signing: crypto.ed25519KeyPair(r.bytes(32)), h, H: crypto.ristretto255.scalarMultBase(h), nonce: r.bytes(32) };
}

// A canonical scalar (below the group order) from seeded bytes.
const seededScalar = (r: SeededBytes): Uint8Array => crypto.scalar.reduce(r.bytes(64));

const AREAS: Record<string, (r: SeededBytes, t: Transcript) => void> = {
  hashes(r, t) {
    for (const len of [0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 1000, 70_000]) {
      const m = r.bytes(len);
      t.add(crypto.sha256(m), crypto.sha512(m));
    }
  },
  hmac(r, t) {
    for (const keyLen of [0, 16, 32, 64, 65, 128, 129, 200]) {
      const k = r.bytes(keyLen);
      const m = r.bytes(r.below(300));
      t.add(crypto.hmacSha256(k, m), crypto.hmacSha512(k, m));
    }
  },
  hkdf(r, t) {
    for (const len of [0, 1, 32, 33, 64, 255, 1000, crypto.HKDF_SHA256_MAX_LENGTH]) {
      const ikm = r.bytes(r.below(100));
      const salt = r.bytes(r.below(80));
      const info = r.bytes(r.below(60));
      const prk = crypto.hkdfSha256Extract(ikm, salt);
      t.add(prk, crypto.hkdfSha256Expand(prk, info, len), crypto.hkdfSha256(ikm, salt, info, len));
    }
  },
  aes(r, t) {
    for (const len of [0, 1, 15, 16, 17, 64, 257, 4096]) {
      const ctr = r.bytes(16);
      // Every other counter starts just below the 128-bit wrap.
      if (len % 2 === 1) ctr.fill(0xff, 0, 15);
      t.add(crypto.aes256Ctr(r.bytes(32), ctr, r.bytes(len)));
    }
  },
  x25519(r, t) {
    const secrets = Array.from({ length: 6 }, () => r.bytes(32));
    const publics = secrets.map((s) => crypto.x25519Base(s));
    t.add(...publics);
    for (let i = 0; i < secrets.length; i++) t.add(crypto.x25519(secrets[i]!, publics[(i + 1) % publics.length]!));
    t.add(...crypto.x25519Batch(secrets[0]!, publics.slice(1)));
  },
  ed25519(r, t) {
    for (const len of [0, 1, 32, 100, 1000]) {
      const { publicKey, secretKey } = crypto.ed25519KeyPair(r.bytes(32));
      const m = r.bytes(len);
      const sig = crypto.ed25519Sign(secretKey, m);
      t.add(publicKey, secretKey, sig, crypto.ed25519Verify(publicKey, m, sig));
      const bad = sig.slice();
      bad[r.below(64)]! ^= 1 << r.below(8);
      t.add(crypto.ed25519Verify(publicKey, m, bad));
    }
  },
  scalar(r, t) {
    for (let i = 0; i < 6; i++) {
      const a = seededScalar(r);
      const b = seededScalar(r);
      t.add(a, crypto.scalar.reduce(r.bytes(32)), crypto.scalar.add(a, b), crypto.scalar.sub(a, b), crypto.scalar.neg(a));
      t.add(crypto.scalar.mul(a, b), crypto.scalar.invert(a), crypto.scalar.isCanonical(r.bytes(32)));
    }
  },
  ristretto255(r, t) {
    const { ristretto255 } = crypto;
    for (let i = 0; i < 5; i++) {
      const p = ristretto255.fromUniform(r.bytes(64));
      const q = ristretto255.scalarMultBase(seededScalar(r));
      const s = seededScalar(r);
      t.add(p, q, ristretto255.add(p, q), ristretto255.sub(p, q), ristretto255.neg(p), ristretto255.scalarMult(s, p));
      t.add(ristretto255.equals(p, q), ristretto255.isValid(r.bytes(32)));
    }
  },
  bd(r, t) {
    const { bd, ristretto255 } = crypto;
    for (const n of [2, 3, 5]) {
      const h = Array.from({ length: n }, () => seededScalar(r));
      const H = h.map((x) => ristretto255.scalarMultBase(x));
      const X = h.map((x, j) => bd.round2(x, H[(j + 1) % n]!, H[(j + n - 1) % n]!));
      t.add(...H, ...X, bd.sumIsIdentity(X));
      for (let j = 0; j < n; j++) t.add(bd.key(h[j]!, H[(j + n - 1) % n]!, X, j));
    }
  },
  // The protocol: a 3-member key agreement from seeded identities and run secrets, delivered in a
  // fixed order; every run packet, the epoch keys each member derives, then the data-message
  // and healing derivations on seeded inputs.
  protocol(r, t) {
    const ids = Array.from({ length: 3 }, () => {
      const secretKey = r.bytes(32);
      return { secretKey, publicKey: crypto.x25519Base(secretKey) };
    });
    const roster = new Roster(ids.map((i) => i.publicKey));
    const groupId = r.bytes(16);
    const runId = r.bytes(32);
    const runs = ids
      .map((id) => new Run({ groupId, runId, previousEpochId: new Uint8Array(16), roster, identitySecret: id.secretKey, identityKey: id.publicKey }, seededSecrets(r)))
      .sort((a, b) => a.self - b.self);
    t.add(...ids.map((i) => new TextEncoder().encode(safetyNumber(i.publicKey))));
    const queue: Uint8Array[] = [];
    const done: NonNullable<RunStep['established']>[] = [];
    const take = (step: RunStep): void => {
      queue.push(...step.send);
      if (step.established) done.push(step.established);
    };
    runs.forEach((run) => take(run.start()));
    while (queue.length > 0) {
      const packet = queue.shift()!;
      t.add(packet);
      const p = decode(packet);
      if (p.kind === 'Data' || p.kind === 'Welcome' || p.kind === 'PadResend' || p.kind === 'RefreshRequest') throw new Error('unexpected packet');
      for (const run of runs) take(run.receive(p, packet));
    }
    assert.equal(done.length, 3, 'every member established');
    for (const e of done) t.add(e.keys.epochId, e.keys.headerKey, ...e.keys.chains, new TextEncoder().encode(e.keys.groupCode));
    const { messageKey, next } = chainStep(done[0]!.keys.chains[1]!);
    const v = r.bytes(16);
    const k = packetKeys(messageKey, v);
    const body = r.bytes(256);
    const tag = bodyTag(k.macKey, body, 1, 0);
    const seed = r.bytes(32);
    const commit = healCommit(done[0]!.sid, 1, 0, seed);
    t.add(messageKey, next, k.encKey, k.iv, k.macKey, tag, messageId(done[0]!.keys.epochId, 1, 0, v, body, tag), commit);
    t.add(healPadMask(r.bytes(32), done[0]!.sid, 1, 0, 2, 0, r.bytes(32), r.bytes(32)), healChain(next, seed, commit, r.bytes(32)));
  },
};

suite('Determinism across runtimes', () => {
  let seed = 0x5eed;
  for (const [area, run] of Object.entries(AREAS)) {
    const areaSeed = seed++;
    test(`seeded ${area} outputs match the recorded digest`, () => {
      const t = new Transcript();
      run(new SeededBytes(areaSeed), t);
      const got = t.digest();
      assert.equal(got, RECORDED[area], `${area}: this runtime computed ${got}; every runtime must compute the recorded digest`);
    });
  }
  test('every area has a recorded digest', () => {
    assert.equal(Object.keys(RECORDED).sort().join(), Object.keys(AREAS).sort().join());
  });
});
