// Command-line options shared by the Node and Deno relay commands.

import type { RelayLimits } from './limits.js';

export interface RelayCommand {
  port: number;
  host: string;
  redis?: string;
  static?: string;
  limits: Partial<RelayLimits>;
}

export const USAGE = `usage: relay [--port 8787] [--host 127.0.0.1] [--redis redis://host:6379] [--static DIR]
             [--max-frame BYTES] [--rate FRAMES_PER_S] [--burst FRAMES] [--rooms-per-connection N]
             [--clients-per-room N] [--max-connections N] [--log-count N] [--log-age SECONDS]
             [--max-buffered BYTES]`;

const LIMIT_FLAGS: Record<string, [keyof RelayLimits, number]> = {
  '--max-frame': ['maxFrameBytes', 1],
  '--rate': ['messagesPerSecond', 1],
  '--burst': ['messageBurst', 1],
  '--rooms-per-connection': ['maxRoomsPerConnection', 1],
  '--clients-per-room': ['maxClientsPerRoom', 1],
  '--max-connections': ['maxConnections', 1],
  '--log-count': ['logMaxCount', 1],
  '--log-age': ['logMaxAgeMs', 1000],
  '--max-buffered': ['maxBufferedBytes', 1],
};

// Throws an Error with a message fit for the terminal on anything it does not understand.
export function parseRelayArgs(args: readonly string[]): RelayCommand {
  const out: RelayCommand = { port: 8787, host: '127.0.0.1', limits: {} };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === '--port') out.port = integer(flag, value, 0, 65535);
    else if (flag === '--host') out.host = value;
    else if (flag === '--redis') out.redis = value;
    else if (flag === '--static') out.static = value;
    else if (flag in LIMIT_FLAGS) {
      const [name, scale] = LIMIT_FLAGS[flag]!;
      out.limits[name] = integer(flag, value, 1, Number.MAX_SAFE_INTEGER / scale) * scale;
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return out;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`${flag}: expected an integer from ${min} to ${max}, got ${text}`);
  return n;
}
