// The Node relay as users run it (a separate process, `npm run relay`'s program) and embedded
// (startRelay), with WebSocket transports over real sockets: fan-out, echo and order; resume
// through network failures with nothing lost and nothing twice; the static file hook.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startRelay } from '../ts/relay/node/server.js';
import { newRoomId } from '../ts/relay/room-id.js';
import { webSocketTransport, type WebSocketConstructor } from '../ts/transport/websocket.js';
import { Member, assertDense, until, closeMembers } from './support/relay-clients.js';
import { startProxy, startRelayProcess } from './support/relay-process.js';

const WS = WebSocket as unknown as WebSocketConstructor;
const opts = { WebSocket: WS, backoffInitialMs: 20, backoffMaxMs: 200, heartbeatMs: 0 };

test('a relay process: fan-out, echo and one dense order over WebSocket', async () => {
  const relay = await startRelayProcess('node');
  try {
    const room = newRoomId();
    const members = ['ann', 'bob', 'cat'].map((n) => new Member(n, webSocketTransport(relay.url, opts), room));
    await Promise.all(members.map((m) => m.caughtUp()));
    for (let i = 0; i < 30; i++) for (const m of members) m.say(`${m.name} ${i}`);
    await Promise.all(members.map((m) => m.has(90)));
    for (const m of members) {
      assertDense(m.seqs);
      assert.deepEqual(m.texts, members[0]!.texts);
      assert.equal(m.texts.filter((t) => t.startsWith(m.name)).length, 30);
    }
    // Another room on the same relay sees none of it.
    const other = new Member('dan', webSocketTransport(relay.url, opts), newRoomId());
    await other.caughtUp();
    assert.equal(other.packets.length, 0);
    await Promise.all([...members, other].map((m) => m.transport.close()));
  } finally {
    await closeMembers();
    await relay.stop();
  }
});

test('network failures mid-conversation: the transport resumes from its cursor, nothing lost, nothing twice', async () => {
  const relay = await startRelayProcess('node');
  const proxy = await startProxy(relay.url);
  try {
    const room = newRoomId();
    const ann = new Member('ann', webSocketTransport(proxy.url, opts), room);
    const bob = new Member('bob', webSocketTransport(relay.url, opts), room);
    await Promise.all([ann.caughtUp(), bob.caughtUp()]);
    const sent: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 20; i++) {
        for (const m of [ann, bob]) {
          const t = `${m.name} ${round}.${i}`;
          m.say(t);
          sent.push(t);
        }
        if (i === 10) proxy.cut(); // mid-stream, with publishes and echoes in flight
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    await Promise.all([ann.has(sent.length, 20_000), bob.has(sent.length, 20_000)]);
    await new Promise((r) => setTimeout(r, 100)); // anything extra would show up now
    for (const m of [ann, bob]) {
      assertDense(m.seqs);
      assert.deepEqual([...m.texts].sort(), [...sent].sort(), `${m.name}: every message exactly once`);
    }
    assert.deepEqual(ann.texts, bob.texts);
    assert.ok(ann.count('disconnected') >= 3, 'the cuts were felt');
    assert.equal(bob.count('disconnected'), 0);
    assert.deepEqual(ann.gaps, []);
    await Promise.all([ann.transport.close(), bob.transport.close()]);
  } finally {
    await closeMembers();
    await proxy.close();
    await relay.stop();
  }
});

test('a transport tries its relay URLs in turn until one answers', async () => {
  const relay = await startRelayProcess('node');
  try {
    const dead = 'ws://127.0.0.1:1/';
    const ann = new Member('ann', webSocketTransport([dead, relay.url], opts), newRoomId());
    await ann.caughtUp();
    const connecting = ann.events.filter((e) => e.status === 'connecting');
    assert.deepEqual(connecting.map((e) => e.status === 'connecting' && e.url), [dead, relay.url]);
    await ann.transport.close();
    assert.equal(ann.statuses().at(-1), 'closed');
  } finally {
    await closeMembers();
    await relay.stop();
  }
});

test('the embedded relay serves a directory safely: content types, no traversal, no dotfiles, no symlinks out', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'smmp-static-'));
  const outside = await mkdtemp(join(tmpdir(), 'smmp-outside-'));
  await mkdir(join(dir, 'app'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>chat</title>');
  await writeFile(join(dir, 'app', 'core.wasm'), Uint8Array.of(0, 0x61, 0x73, 0x6d));
  await writeFile(join(dir, 'app', 'chat.js'), 'export {};');
  await writeFile(join(dir, '.env'), 'SECRET=1');
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await symlink(join(outside, 'secret.txt'), join(dir, 'link.txt'));
  const relay = await startRelay({ port: 0, static: dir });
  const base = relay.url.replace('ws://', 'http://');
  try {
    const get = async (path: string) => {
      const r = await fetch(base + path.replace(/^\//, ''));
      return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
    };
    assert.deepEqual(await get('/'), { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>chat</title>' });
    assert.equal((await get('/app/core.wasm')).type, 'application/wasm');
    assert.equal((await get('/app/chat.js')).type, 'text/javascript; charset=utf-8');
    for (const path of ['/.env', '/link.txt', '/%2e%2e/package.json', '/app/..%2f..%2fetc%2fpasswd', '/..%5c..%5cetc%5cpasswd', '/nope.html', '/%00']) {
      assert.equal((await get(path)).status, 404, path);
    }
    // Raw request paths with ".." that fetch would normalise away.
    const { request } = await import('node:http');
    for (const raw of ['/../../etc/passwd', '/app/../../package.json']) {
      const status = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: relay.port, path: raw }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on('error', reject)
          .end();
      });
      assert.equal(status, 404, raw);
    }
    const r = await fetch(base + 'app/chat.js', { method: 'POST' });
    assert.equal(r.status, 404);
    // The same server still speaks WebSocket.
    const ann = new Member('ann', webSocketTransport(relay.url, opts), newRoomId());
    await ann.caughtUp();
    ann.say('hi');
    await ann.has(1);
    await ann.transport.close();
  } finally {
    await closeMembers();
    await relay.close();
    await rm(dir, { recursive: true });
    await rm(outside, { recursive: true });
  }
});

test('closing an embedded relay tells its clients (1001) and they retry', async () => {
  const relay = await startRelay({ port: 0 });
  const ann = new Member('ann', webSocketTransport(relay.url, opts), newRoomId());
  await ann.caughtUp();
  await relay.close();
  await until(() => ann.count('disconnected') > 0, 'disconnected');
  const d = ann.events.find((e) => e.status === 'disconnected');
  assert.equal(d?.status === 'disconnected' && d.code, 1001);
  await ann.transport.close();
});
