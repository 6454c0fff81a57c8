import { existsSync, readdirSync, readFileSync } from 'node:fs';

const MB = 1024;

/** A field of /proc/<pid>/status in MB (the kernel writes kB), or undefined when it cannot be read. */
export function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / MB : undefined;
  } catch {
    return undefined;
  }
}

/** The process and every process below it, from /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${tree[i]}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${tree[i]}/task/${tid}/children`, 'utf8').split(/\s+/)) if (child) tree.push(Number(child));
      } catch {
        // the task ended between the listing and the read
      }
    }
  }
  return tree;
}

/**
 * Peak memory of a process tree, sampled: the largest sum of the tree's resident sets seen, or the
 * root's own high-water mark (VmHWM, exact) if larger. Worker threads live in their process, so
 * the root's figure covers training in the CLI's thread pool. Linux only; elsewhere `peakMb` is null.
 */
export class PeakMemorySampler {
  private peak = 0;
  private timer?: NodeJS.Timeout;
  readonly supported = existsSync('/proc/self/status');

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}

  start(): this {
    if (!this.supported) return this;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  sample(): void {
    const tree = processTree(this.pid);
    const sum = tree.reduce((total, pid) => total + (statusMb(pid, 'VmRSS') ?? 0), 0);
    this.peak = Math.max(this.peak, sum, statusMb(this.pid, 'VmHWM') ?? 0);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get peakMb(): number | null {
    return this.supported ? this.peak : null;
  }
}
