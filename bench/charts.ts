// The report's charts: vega-lite specs compiled to vega and rendered to SVG headless in Node
// (vega's View.toSVG with no renderer attached). Data comes from the results JSON only.

import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { BenchResults } from './results.js';
import { ratiosTo } from './markdown/primitives.js';

export interface Chart {
  file: string; // name under bench/report/
  title: string; // alt text in the report
  svg: string;
}

type Planned = Omit<Chart, 'svg'> & { spec: TopLevelSpec };

const FONT = 'Helvetica, Arial, sans-serif';
const config = { font: FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } };

async function render(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// Horizontal bars from 1 on a log axis: right of the line ours is faster, left slower.
interface RatioRow {
  workload: string;
  runtime: string;
  ratio: number;
  low: number;
  high: number;
  labelAt: number; // the outer end of bar and spread line
}

function ratioSpec(title: string, against: string, rows: RatioRow[], order: string[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: [`smmp rate / ${against} rate, median of the run; above 1: smmp is faster`, 'thin line: lowest to highest ratio within one round'], anchor: 'start' },
    config,
    width: 440,
    height: { step: 13 }, // per bar (with yOffset the step is the offset band's)
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'workload', type: 'nominal', sort: order, title: null, axis: { labelLimit: 220 } },
          yOffset: { field: 'runtime', type: 'nominal', sort: ['node', 'deno', 'chromium'] },
          x: { field: 'ratio', type: 'quantitative', scale: { type: 'log' }, title: `ratio to ${against} (log scale)` },
          x2: { datum: 1 },
          color: { field: 'runtime', type: 'nominal', sort: ['node', 'deno', 'chromium'], title: 'runtime' },
          tooltip: [{ field: 'workload' }, { field: 'runtime' }, { field: 'ratio', format: '.2f' }],
        },
      },
      {
        mark: { type: 'rule', color: '#222', strokeWidth: 1 },
        encoding: {
          y: { field: 'workload', type: 'nominal', sort: order },
          yOffset: { field: 'runtime', type: 'nominal', sort: ['node', 'deno', 'chromium'] },
          x: { field: 'low', type: 'quantitative' },
          x2: { field: 'high' },
        },
      },
      // The ratio written beyond the end of each bar (and its spread line).
      ...[
        { side: 'datum.ratio >= 1', align: 'left' as const, dx: 3 },
        { side: 'datum.ratio < 1', align: 'right' as const, dx: -3 },
      ].map(({ side, align, dx }) => ({
        transform: [{ filter: side }],
        mark: { type: 'text' as const, align, dx, fontSize: 9, color: '#333' },
        encoding: {
          y: { field: 'workload', type: 'nominal' as const, sort: order },
          yOffset: { field: 'runtime', type: 'nominal' as const, sort: ['node', 'deno', 'chromium'] },
          x: { field: 'labelAt', type: 'quantitative' as const },
          text: { field: 'ratio', type: 'quantitative' as const, format: '.2f' },
        },
      })),
      { mark: { type: 'rule', color: '#333' }, encoding: { x: { datum: 1 } } },
    ],
  };
}

function ratioChart(r: BenchResults, against: 'libsodium' | 'noble', file: string): Planned | undefined {
  const measured = r.runtimes.filter((x) => x.primitives !== undefined);
  const rows: RatioRow[] = measured.flatMap((x) =>
    ratiosTo(x.primitives!, against).map((p) => ({ ...p, runtime: x.runtime, labelAt: p.ratio >= 1 ? Math.max(p.ratio, p.high) : Math.min(p.ratio, p.low) })),
  );
  if (rows.length === 0) return undefined;
  const order = [...new Set(measured.flatMap((x) => x.primitives!.map((m) => m.workload)))];
  const title = `Primitives: ratio to ${against === 'libsodium' ? 'libsodium-wrappers-sumo' : '@noble/*'} per runtime`;
  return { file, title, spec: ratioSpec(title, against, rows, order) };
}

function gkaChart(r: BenchResults): Planned | undefined {
  const rows = r.runtimes.flatMap((x) =>
    (x.protocol?.gka ?? []).flatMap((g) => (g.msMedian === undefined ? [] : [{ n: g.n, ms: g.msMedian, impl: g.impl, runtime: x.runtime }])),
  );
  if (rows.length === 0) return undefined;
  const title = 'Group key agreement: time until every member holds the key';
  const sizes = [...new Set(rows.map((x) => x.n))];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'all N members simulated in one process (their work added up); median of the run; log-log', anchor: 'start' },
    config,
    data: { values: rows },
    facet: { column: { field: 'runtime', type: 'nominal', sort: ['node', 'deno', 'chromium'], title: null, header: { labelFontSize: 12, labelFontWeight: 'bold' } } },
    spec: {
      width: 200,
      height: 260,
      mark: { type: 'line', point: { filled: true, size: 40 } },
      encoding: {
        x: { field: 'n', type: 'quantitative', scale: { type: 'log', base: 2, domain: [Math.min(...sizes), Math.max(...sizes)] }, axis: { values: sizes, format: 'd' }, title: 'members N' },
        y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'time (ms, log scale)' },
        color: { field: 'impl', type: 'nominal', title: 'implementation', scale: { domain: ['smmp', 'ts-mls'] } },
        tooltip: [{ field: 'impl' }, { field: 'runtime' }, { field: 'n' }, { field: 'ms', format: '.1f' }],
      },
    },
  };
  return { file: 'gka-time.svg', title, spec };
}

export async function charts(r: BenchResults): Promise<Chart[]> {
  const planned = [ratioChart(r, 'libsodium', 'ratio-libsodium.svg'), ratioChart(r, 'noble', 'ratio-noble.svg'), gkaChart(r)].filter((c): c is Planned => c !== undefined);
  const out: Chart[] = [];
  for (const { spec, ...c } of planned) out.push({ ...c, svg: await render(spec) });
  return out;
}
