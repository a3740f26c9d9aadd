// The Deno relay (`deno task relay`'s program, run by the deno npm package) serving Node
// clients over real sockets: the same behaviour as the Node relay, same close codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { CLOSE_CODES } from '../ts/relay/errors.js';
import { newRoomId } from '../ts/relay/room-id.js';
import { webSocketTransport, type WebSocketConstructor } from '../ts/transport/websocket.js';
import { Member, assertDense, until, closeMembers } from './support/relay-clients.js';
import { startProxy, startRelayProcess } from './support/relay-process.js';

const opts = { WebSocket: WebSocket as unknown as WebSocketConstructor, backoffInitialMs: 20, backoffMaxMs: 200, heartbeatMs: 0 };

test('a Deno relay process serves Node clients: fan-out, echo, order, resume after a network cut', async () => {
  const relay = await startRelayProcess('deno', ['--max-frame', '4096']);
  const proxy = await startProxy(relay.url);
  try {
    const room = newRoomId();
    const ann = new Member('ann', webSocketTransport(proxy.url, opts), room);
    const bob = new Member('bob', webSocketTransport(relay.url, opts), room);
    await Promise.all([ann.caughtUp(), bob.caughtUp()]);
    const sent: string[] = [];
    for (let i = 0; i < 40; i++) {
      for (const m of [ann, bob]) {
        m.say(`${m.name} ${i}`);
        sent.push(`${m.name} ${i}`);
      }
      if (i === 20) proxy.cut();
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all([ann.has(80, 20_000), bob.has(80, 20_000)]);
    await new Promise((r) => setTimeout(r, 100));
    for (const m of [ann, bob]) {
      assertDense(m.seqs);
      assert.deepEqual([...m.texts].sort(), [...sent].sort());
    }
    assert.deepEqual(ann.texts, bob.texts);
    assert.ok(ann.count('disconnected') >= 1);

    // The same close code as the Node relay for an oversized frame, and bob is untouched.
    const raw = new WebSocket(relay.url);
    await new Promise((r) => raw.once('open', r));
    const closed = new Promise<number>((r) => raw.once('close', (code) => r(code)));
    raw.send(new Uint8Array(5000));
    assert.equal(await closed, CLOSE_CODES.FRAME_TOO_LARGE.code);
    bob.say('after');
    await until(() => ann.texts.includes('after'), 'ann hears bob after the offender left');
    await Promise.all([ann.transport.close(), bob.transport.close()]);
  } finally {
    await closeMembers();
    await proxy.close();
    await relay.stop();
  }
});
