// The benchmark's measuring and printing (used by scripts/bench/run.ts and its data files): every
// measurement becomes a row of one table, printed at the end.
import v8 from "node:v8";
import vm from "node:vm";

export interface Row {
  name: string;
  runs: number;
  median: number;
  p95: number | null;
  min: number;
  /** Extra detail, e.g. the time per call. */
  note: string;
  rssMb: number;
}

/** The table so far, in order; a section title is a row with `runs = 0`. */
export const rows: Row[] = [];

export const MB = 2 ** 20;
export const rssMb = () => process.memoryUsage.rss() / MB;

/** The last row recorded, e.g. to add to its note. */
export function lastRow(): Row {
  const row = rows.at(-1);
  if (!row) throw new Error("No row recorded yet.");
  return row;
}

export function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Times `fn` `runs` times after `warmup` untimed calls and records a row. */
export async function bench(
  name: string,
  options: { runs: number; warmup: number; note?: (medianMs: number) => string },
  fn: () => unknown,
): Promise<void> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const med = median(times);
  rows.push({
    name,
    runs: options.runs,
    median: med,
    p95: options.runs > 1 ? percentile(times, 95) : null,
    min: times[0]!,
    note: options.note?.(med) ?? "",
    rssMb: rssMb(),
  });
  console.error(`  done: ${name}`);
}

/** Records a single measurement (setup steps that cannot sensibly be repeated). */
export async function once<T>(name: string, fn: () => Promise<T>, note = ""): Promise<T> {
  const started = performance.now();
  const result = await fn();
  const ms = performance.now() - started;
  rows.push({ name, runs: 1, median: ms, p95: null, min: ms, note, rssMb: rssMb() });
  console.error(`  done: ${name}`);
  return result;
}

export function section(title: string) {
  rows.push({ name: `## ${title}`, runs: 0, median: 0, p95: null, min: 0, note: "", rssMb: 0 });
  console.error(title);
}

export interface MemoryUse {
  rss: number;
  heapUsed: number;
}

export interface MemoryPeak {
  /** Resident memory and V8 heap in use when sampling started, in bytes. */
  baseline: MemoryUse;
  /** The highest values seen while `fn` ran, in bytes. */
  peak: MemoryUse;
  /**
   * The heap still in use after a full garbage collection at each point `fn` marked (e.g. every
   * 100,000 rows), in bytes: what is kept, as opposed to garbage not yet collected. Flat if
   * nothing accumulates.
   */
  live: { at: number; heapUsed: number }[];
  samples: number;
}

/** V8's full garbage collection (what `node --expose-gc` would expose as `gc`). */
function fullGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/**
 * Runs `fn` while sampling `process.memoryUsage()` every `intervalMs`, and whenever `fn` calls
 * `sample()` (e.g. every so many chunks it reads, since a busy loop delays the timer): the peak
 * resident memory and heap in use, next to what they were when it started. `mark(at)` also runs
 * a full garbage collection and records the heap that is left, labelled `at`.
 */
export async function withMemoryPeak<T>(
  fn: (probe: { sample: () => void; mark: (at: number) => void }) => Promise<T>,
  intervalMs = 20,
): Promise<{ result: T; memory: MemoryPeak }> {
  const gc = fullGc();
  gc();
  const start = process.memoryUsage();
  const memory: MemoryPeak = {
    baseline: { rss: start.rss, heapUsed: start.heapUsed },
    peak: { rss: start.rss, heapUsed: start.heapUsed },
    live: [],
    samples: 0,
  };
  const sample = () => {
    const now = process.memoryUsage();
    memory.peak.rss = Math.max(memory.peak.rss, now.rss);
    memory.peak.heapUsed = Math.max(memory.peak.heapUsed, now.heapUsed);
    memory.samples++;
  };
  const mark = (at: number) => {
    sample();
    gc();
    memory.live.push({ at, heapUsed: process.memoryUsage().heapUsed });
  };
  const timer = setInterval(sample, intervalMs);
  try {
    const result = await fn({ sample, mark });
    sample();
    return { result, memory };
  } finally {
    clearInterval(timer);
  }
}

export function printTable() {
  const header = ["benchmark", "runs", "median", "p95", "min", "RSS", "note"];
  const body = rows.map((row) =>
    row.runs === 0
      ? [row.name]
      : [
          row.name,
          String(row.runs),
          formatMs(row.median),
          row.p95 === null ? "-" : formatMs(row.p95),
          formatMs(row.min),
          `${row.rssMb.toFixed(0)} MB`,
          row.note,
        ],
  );
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.filter((r) => r.length > 1).map((r) => r[i]!.length)),
  );
  const right = new Set([1, 2, 3, 4, 5]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const cells of body) console.log(cells.length === 1 ? cells[0] : line(cells));
}
