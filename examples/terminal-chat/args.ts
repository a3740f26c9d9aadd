// The terminal chat's command line and environment. Pure: throws an Error whose message is fit
// for the terminal on anything it does not understand.

export interface ChatArgs {
  dataDir: string;
  relay?: string; // a relay to use for every group; otherwise new groups get the hosted one
  port: number; // where the hosted relay listens (another free port if taken)
  passphrase?: string; // from SMMP_PASSPHRASE (tests, scripts); otherwise asked
}

export const USAGE = `usage: deno task chat [--data DIR] [--relay ws://HOST:PORT/] [--port 8787]

  --data DIR    keystore and group state (env SMMP_CHAT_DATA; default ~/.smmp-chat)
  --relay URL   the relay for new groups and every group (env SMMP_RELAY); without it the
                chat hosts a relay (memory log) on 127.0.0.1 for as long as it runs
  --port N      port of the hosted relay (default 8787; a free one if that is taken)

The keystore passphrase is asked without echo (env SMMP_PASSPHRASE for scripts and tests).`;

export function parseChatArgs(args: readonly string[], env: (name: string) => string | undefined): ChatArgs {
  const home = env('HOME');
  const out: ChatArgs = { dataDir: env('SMMP_CHAT_DATA') ?? (home ? `${home}/.smmp-chat` : '.smmp-chat'), port: 8787 };
  const relay = env('SMMP_RELAY');
  if (relay !== undefined && relay !== '') out.relay = checkRelay('SMMP_RELAY', relay);
  const pass = env('SMMP_PASSPHRASE');
  if (pass !== undefined) out.passphrase = pass;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === '--') continue; // npm's habit: `deno task chat -- --data DIR` means the same
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n\n${USAGE}`);
    i++;
    if (flag === '--data') out.dataDir = value;
    else if (flag === '--relay') out.relay = checkRelay(flag, value);
    else if (flag === '--port') {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n > 65535) throw new Error(`--port: expected 0 to 65535, got ${value}`);
      out.port = n;
    } else throw new Error(`unknown option ${flag}\n\n${USAGE}`);
  }
  if (out.passphrase === '') throw new Error('SMMP_PASSPHRASE is empty: unset it to be asked, or give a passphrase');
  return out;
}

function checkRelay(name: string, url: string): string {
  if (!URL.canParse(url) || !/^wss?:$/.test(new URL(url).protocol)) throw new Error(`${name}: expected a ws:// or wss:// URL, got ${url}`);
  return new URL(url).href;
}

// The hosted relay may listen where a stored group's relay URL points: a loopback URL.
export function loopbackPort(url: string | undefined): number | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  const u = new URL(url);
  if (u.protocol !== 'ws:' || (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost')) return undefined;
  return u.port === '' ? 80 : Number(u.port);
}
