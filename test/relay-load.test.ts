// A bounded load test on loopback: 200 WebSocket clients in 20 rooms of 10 send for a fixed time
// (5 s; 30 s with SMMP_LONG=1) through a relay process. Asserts that every message arrived
// exactly once, in one dense order, at every member of its room (the sender included); prints
// throughput and latency percentiles and writes them to bench/results/relay-load.md. Nothing
// about speed is asserted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { newRoomId } from '../ts/relay/room-id.js';
import { webSocketTransport, type WebSocketConstructor } from '../ts/transport/websocket.js';
import { LONG } from './support/core.js';
import { Member, assertDense, closeMembers, text, untext, until } from './support/relay-clients.js';
import { startRelayProcess } from './support/relay-process.js';

const ROOMS = 20;
const PER_ROOM = 10;
const RATE = 10; // messages a second per client
const SECONDS = LONG ? 30 : 5;
const PAYLOAD = 256; // bytes: the protocol's smallest padding bucket

const opts = { WebSocket: WebSocket as unknown as WebSocketConstructor, heartbeatMs: 0 };

test(`load: ${ROOMS * PER_ROOM} clients in ${ROOMS} rooms for ${SECONDS} s, every message exactly once`, { timeout: 120_000 }, async () => {
  const relay = await startRelayProcess('node');
  try {
    const rooms = Array.from({ length: ROOMS }, () => newRoomId());
    const latencies: number[] = [];
    const members: Member[] = [];
    for (let r = 0; r < ROOMS; r++) {
      for (let i = 0; i < PER_ROOM; i++) {
        members.push(new Member(`r${r}c${i}`, webSocketTransport(relay.url, opts), rooms[r]!));
      }
    }
    await Promise.all(members.map((m) => m.caughtUp()));

    const sent = new Map<string, string[]>(); // room index -> texts
    const pad = 'x'.repeat(PAYLOAD);
    const started = performance.now();
    let published = 0;
    await new Promise<void>((resolve) => {
      const timers = members.map((m, k) => {
        const r = Math.floor(k / PER_ROOM);
        let n = 0;
        return setInterval(() => {
          const head = `${m.name}:${n++}:${performance.now().toFixed(3)}:`;
          m.transport.publish(text((head + pad).slice(0, Math.max(PAYLOAD, head.length))));
          published++;
          let list = sent.get(String(r));
          if (list === undefined) sent.set(String(r), (list = []));
          list.push(head);
        }, 1000 / RATE);
      });
      setTimeout(() => {
        for (const t of timers) clearInterval(t);
        resolve();
      }, SECONDS * 1000);
    });
    const sendingMs = performance.now() - started;

    // Drain: every member holds everything its room sent.
    await until(
      () => members.every((m, k) => m.packets.length >= sent.get(String(Math.floor(k / PER_ROOM)))!.length),
      'every member to hold its room’s messages',
      60_000,
    );
    const drainedMs = performance.now() - started;

    for (const [k, m] of members.entries()) {
      const expected = sent.get(String(Math.floor(k / PER_ROOM)))!;
      assertDense(m.seqs);
      const heads = m.packets.map((p) => {
        const t = untext(p.data);
        const parts = t.split(':');
        return `${parts[0]}:${parts[1]}:${parts[2]}:`;
      });
      assert.deepEqual([...heads].sort(), [...expected].sort(), `${m.name}: every message of its room exactly once`);
      assert.equal(m.count('disconnected'), 0, `${m.name} stayed connected`);
    }
    // Latency from publish to delivery (one process, one clock), at every member.
    for (const m of members) m.packets.forEach((p, i) => latencies.push(m.arrivals[i]! - Number(untext(p.data).split(':')[2])));

    const deliveries = members.reduce((s, m) => s + m.packets.length, 0);
    latencies.sort((a, b) => a - b);
    const pct = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const figures = {
      clients: members.length,
      rooms: ROOMS,
      seconds: SECONDS,
      published,
      deliveries,
      publishedPerSecond: published / (sendingMs / 1000),
      deliveriesPerSecond: deliveries / (drainedMs / 1000),
      p50: pct(0.5),
      p90: pct(0.9),
      p99: pct(0.99),
      max: latencies[latencies.length - 1]!,
    };
    report(figures);
  } finally {
    await closeMembers();
    await relay.stop();
  }
});

function report(f: Record<string, number>): void {
  const cpu = cpus();
  const machine = `${cpu[0]?.model ?? 'unknown CPU'} x ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`;
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  const line = `relay load: ${f.clients} clients, ${f.rooms} rooms, ${f.seconds} s: ${f.published} published (${f.publishedPerSecond!.toFixed(0)}/s), ${f.deliveries} delivered (${f.deliveriesPerSecond!.toFixed(0)}/s); latency p50 ${ms(f.p50!)}, p90 ${ms(f.p90!)}, p99 ${ms(f.p99!)}, max ${ms(f.max!)}`;
  console.log(line);
  const md = `# Relay load test

Written by \`test/relay-load.test.ts\` (part of \`npm test\`; \`SMMP_LONG=1\` runs 30 s instead of 5 s).
${f.clients} WebSocket clients (the \`ws\` package, one Node process) in ${f.rooms} rooms of ${f.clients! / f.rooms!}, each publishing
${RATE} messages of ${PAYLOAD} bytes a second for ${f.seconds} s through one Node relay process (memory log) on loopback.
Every message reached every member of its room exactly once, in one order. Latency is publish to delivery, at every
member (the sender's own echo included), on one clock.

Machine: ${machine}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(', ')}.

| measure | value |
|---|---|
| messages published | ${f.published} (${f.publishedPerSecond!.toFixed(0)}/s) |
| deliveries | ${f.deliveries} (${f.deliveriesPerSecond!.toFixed(0)}/s, until the last arrived) |
| latency p50 | ${ms(f.p50!)} |
| latency p90 | ${ms(f.p90!)} |
| latency p99 | ${ms(f.p99!)} |
| latency max | ${ms(f.max!)} |
`;
  writeFileSync(fileURLToPath(new URL('../../bench/results/relay-load.md', import.meta.url)), md);
}
