// A Deno client for transport tests: joins the room given on the command line through the global
// WebSocket, says "hello node", and prints what the room held once it hears itself.
// deno run --allow-net test/support/relay-deno-client.ts <relay url> <room id>
// (Run from the repository root, whose deno.json resolves the .js imports to the .ts sources.)

import { roomIdFromString } from '../../ts/relay/room-id.js';
import { webSocketTransport } from '../../ts/transport/websocket.js';

const [url, room] = (globalThis as unknown as { Deno: { args: string[] } }).Deno.args as [string, string];
const t = webSocketTransport(url, { heartbeatMs: 0 });
const seen: string[] = [];
await new Promise<void>((resolve) => {
  t.open(roomIdFromString(room), null, {
    packet: (p) => {
      seen.push(new TextDecoder().decode(p.data));
      if (seen.at(-1) === 'hello node') resolve();
    },
    status: (e) => {
      if (e.status === 'caught-up' && !seen.includes('hello node')) t.publish(new TextEncoder().encode('hello node'));
    },
    gap: () => {},
  });
});
await t.close();
console.log(JSON.stringify(seen));
