// The machine a run happened on, from Node (the other runtimes run on the same one).

import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cpu: string; // '2 x AMD EPYC'
  cpus: number;
  memory: string;
  platform: string;
}

export function machine(): Machine {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} x ${cpu[0]?.model ?? 'unknown'}`,
    cpus: cpu.length,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    platform: `${process.platform} ${process.arch}`,
  };
}

// 1, 5 and 15 minute load averages, two decimals: how busy the (shared) machine was.
export const loadAverage = (): number[] => loadavg().map((x) => +x.toFixed(2));
