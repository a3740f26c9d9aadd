// Misbehaving connections against a relay process: random frames, oversized frames, a flood
// over the rate limit, a reader that stops reading. Each offender is closed with its own close
// code; the members chatting meanwhile (in the offenders' rooms) lose nothing and see nothing
// twice, and are never disconnected.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { CLOSE_CODES, RelayError } from '../ts/relay/errors.js';
import { newRoomId } from '../ts/relay/room-id.js';
import { decodeClientFrame, encodeClientFrame } from '../ts/relay/wire.js';
import { webSocketTransport, type WebSocketConstructor } from '../ts/transport/websocket.js';
import { Member, assertDense, closeMembers, text, until } from './support/relay-clients.js';
import { startRelayProcess } from './support/relay-process.js';
import { seededRandom } from './support/seeded.js';

const FRAME = 32 * 1024;
const RELAY_ARGS = ['--max-frame', String(FRAME), '--rate', '200', '--burst', '100', '--max-buffered', String(1024 * 1024)];
const opts = {
  WebSocket: WebSocket as unknown as WebSocketConstructor,
  backoffInitialMs: 20,
  heartbeatMs: 0,
  messagesPerSecond: 100,
  messageBurst: 50,
  maxPayloadBytes: FRAME - 34,
};

// A raw connection that records how the relay closed it.
async function raw(url: string): Promise<{ ws: WebSocket; closed: Promise<number>; frames: () => number }> {
  const ws = new WebSocket(url);
  let frames = 0;
  ws.on('message', () => frames++);
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  return { ws, closed, frames: () => frames };
}

const join = (room: Uint8Array): Uint8Array => encodeClientFrame({ kind: 'join', room, log: 0, cursor: 0 });

// The close code a frame earns from a fresh (unjoined) connection, or undefined if it is a
// frame the relay accepts there (a join or a ping).
function expectedCode(frame: Uint8Array): number | undefined {
  try {
    const f = decodeClientFrame(frame);
    return f.kind === 'publish' || f.kind === 'leave' ? CLOSE_CODES.PROTOCOL_VIOLATION.code : undefined;
  } catch (e) {
    assert.ok(e instanceof RelayError);
    return e.closeCode;
  }
}

test('offenders are closed with their own codes while the room keeps chatting', async () => {
  const relay = await startRelayProcess('node', RELAY_ARGS);
  try {
    const room = newRoomId();
    const ann = new Member('ann', webSocketTransport(relay.url, opts), room);
    const bob = new Member('bob', webSocketTransport(relay.url, opts), room);
    await Promise.all([ann.caughtUp(), bob.caughtUp()]);

    // The conversation runs while the offenders act.
    const said: string[] = [];
    const chat = (async () => {
      for (let i = 0; i < 60; i++) {
        for (const m of [ann, bob]) {
          m.say(`${m.name} ${i}`);
          said.push(`${m.name} ${i}`);
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    })();

    // Random frames, one per connection, some after a join to the room.
    const rnd = seededRandom(5);
    const randomFrames = Array.from({ length: 40 }, (_, i) => {
      const b = Uint8Array.from({ length: 1 + Math.floor(rnd() * 80) }, () => Math.floor(rnd() * 256));
      if (i % 4 === 1) b[0] = 1; // right version, random rest
      if (i % 4 === 2) b.set([1, 2]); // a publish of random length: not joined
      return b;
    });
    const randomResults = Promise.all(
      randomFrames.map(async (frame, i) => {
        const c = await raw(relay.url);
        if (i % 2 === 0) c.ws.send(join(room));
        c.ws.send(frame);
        const code = expectedCode(frame);
        const joined = i % 2 === 0;
        // After a join, a well-formed publish to the room is accepted: no close expected.
        const decoded = code === CLOSE_CODES.PROTOCOL_VIOLATION.code && joined ? undefined : code;
        if (decoded === undefined) {
          c.ws.close();
          await c.closed;
          return;
        }
        assert.equal(await c.closed, decoded, `random frame ${i}`);
      }),
    );

    // Oversized: just over the limit (seen by the relay) and far over it (refused by ws at the
    // frame header): one code for both.
    const oversized = Promise.all(
      [FRAME + 1, 4 * 1024 * 1024].map(async (n) => {
        const c = await raw(relay.url);
        c.ws.send(new Uint8Array(n).fill(1));
        assert.equal(await c.closed, CLOSE_CODES.FRAME_TOO_LARGE.code, `${n} bytes`);
      }),
    );

    // A flood in the room: far more publishes than the bucket holds, as fast as possible.
    const flood = (async () => {
      const c = await raw(relay.url);
      c.ws.send(join(room));
      for (let i = 0; i < 400 && c.ws.readyState === WebSocket.OPEN; i++) {
        c.ws.send(encodeClientFrame({ kind: 'publish', room, payload: text(`flood ${i}`) }));
      }
      assert.equal(await c.closed, CLOSE_CODES.RATE_LIMITED.code);
    })();

    await Promise.all([randomResults, oversized, flood, chat]);
    const chatOf = (m: Member): string[] => m.texts.filter((t) => /^(ann|bob) /.test(t));
    await until(() => chatOf(ann).length >= said.length && chatOf(bob).length >= said.length, 'the whole chat', 20_000);
    await new Promise((r) => setTimeout(r, 100));
    for (const m of [ann, bob]) {
      assertDense(m.seqs);
      const own = chatOf(m);
      assert.deepEqual([...own].sort(), [...said].sort(), `${m.name}: every chat message exactly once`);
      assert.equal(m.count('disconnected'), 0, `${m.name} never disconnected`);
      // Whatever of the flood got in before the close is in the room, once, for everyone.
      const flood = m.texts.filter((t) => t.startsWith('flood'));
      assert.equal(new Set(flood).size, flood.length);
    }
    assert.deepEqual(ann.texts, bob.texts);
  } finally {
    await closeMembers();
    await relay.stop();
  }
});

test('a reader that stops reading is closed as a slow reader; the room streams on', async () => {
  const relay = await startRelayProcess('node', RELAY_ARGS);
  try {
    const room = newRoomId();
    const cat = new Member('cat', webSocketTransport(relay.url, opts), room);
    await cat.caughtUp();
    const slow = await raw(relay.url);
    slow.ws.send(join(room));
    await until(() => slow.frames() > 0, 'slow reader joined');
    slow.ws.pause(); // stops reading its socket: TCP fills, then the relay's send buffer

    // 12 MiB through the room from four publishers: past the kernel's buffers and the relay's
    // 1 MiB limit for the slow reader.
    const payload = new Uint8Array(FRAME - 34).fill(7);
    const publishers = await Promise.all(Array.from({ length: 4 }, () => raw(relay.url)));
    for (const p of publishers) p.ws.send(join(room));
    // A round at a time, letting this process read between rounds: the publishers and cat read
    // every packet too, and must not become slow readers themselves.
    for (let i = 0; i < 96; i++) {
      for (const p of publishers) p.ws.send(encodeClientFrame({ kind: 'publish', room, payload }));
      await new Promise((r) => setTimeout(r, 2));
    }
    await cat.has(384, 30_000);
    cat.say('still here');
    await cat.has(385);
    assertDense(cat.seqs);
    assert.equal(cat.count('disconnected'), 0);

    slow.ws.resume(); // now it reads what was buffered, then the close frame
    assert.equal(await slow.closed, CLOSE_CODES.SLOW_READER.code);
    for (const p of publishers) {
      assert.equal(p.ws.readyState, WebSocket.OPEN, 'publishers kept up');
      p.ws.close();
    }
  } finally {
    await closeMembers();
    await relay.stop();
  }
});

test('a transport closed for a frame the relay refuses stops, with a typed error, and does not retry', async () => {
  const relay = await startRelayProcess('node', ['--max-frame', '1024']);
  try {
    const ann = new Member('ann', webSocketTransport(relay.url, { ...opts, maxPayloadBytes: 4096 }), newRoomId());
    await ann.caughtUp();
    ann.transport.publish(new Uint8Array(2000));
    await until(() => ann.closedEvent() !== undefined, 'closed');
    const e = ann.closedEvent()!;
    assert.equal(e.code, CLOSE_CODES.FRAME_TOO_LARGE.code);
    assert.ok(e.error instanceof RelayError && e.error.code === 'FRAME_TOO_LARGE');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(ann.count('connecting'), 1, 'no retry');
    assert.throws(() => ann.say('more'), { code: 'TRANSPORT_CLOSED' });
  } finally {
    await closeMembers();
    await relay.stop();
  }
});
