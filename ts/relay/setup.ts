// What the Node and Deno servers share: their options, and the relay core over the memory log
// or, given a redis:// URL, over Redis Streams (loaded only then, so a memory relay never pulls
// in the Redis client).

import type { Backend } from './backend.js';
import { RelayCore, type RelayCoreOptions } from './core.js';
import { resolveLimits } from './limits.js';

export interface RelayServerOptions extends RelayCoreOptions {
  port?: number; // 0 (the default) picks a free port
  host?: string; // 127.0.0.1
  redis?: string; // a redis:// URL: rooms live in Redis Streams, shared with other relays
  redisPrefix?: string;
  onError?: (e: Error) => void; // backend errors (Redis connection trouble)
}

export async function relayCore(options: RelayServerOptions): Promise<RelayCore> {
  const limits = resolveLimits(options.limits);
  let backend: Backend | undefined = options.backend;
  if (backend === undefined && options.redis !== undefined) {
    const { RedisBackend } = await import('./redis-backend.js');
    const o = { url: options.redis, limits, ...(options.redisPrefix === undefined ? {} : { prefix: options.redisPrefix }), ...(options.onError === undefined ? {} : { onError: options.onError }) };
    backend = await RedisBackend.connect(o);
  }
  return new RelayCore({ ...options, limits, ...(backend === undefined ? {} : { backend }) });
}
