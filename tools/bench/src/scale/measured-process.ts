import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PeakMemorySampler } from './process-memory';

export interface MeasuredRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The end of what the process wrote to stderr, for an error message. */
  stderrTail: string;
  seconds: number;
  peakRssMb: number | null;
}

const STDERR_TAIL_CHARS = 4_000;

/**
 * Runs a command to its end as a user would (its own process), timing it wall-clock and sampling
 * its peak memory. Its stderr is passed on to ours with `label` in front of each line, so a person
 * watching a long run sees its logs; stdout (a `--json` summary) is kept.
 */
export function runMeasured(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; label: string }): Promise<MeasuredRun> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = new PeakMemorySampler(child.pid ?? -1).start();
  let stdout = '';
  let stderrTail = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) process.stderr.write(`[${options.label}] ${line}\n`);
  });
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      sampler.stop();
      reject(err);
    });
    child.once('close', (exitCode, signal) => {
      sampler.stop();
      if (pending) process.stderr.write(`[${options.label}] ${pending}\n`);
      resolve({ exitCode, signal, stdout, stderrTail, seconds: (performance.now() - started) / 1000, peakRssMb: sampler.peakMb });
    });
  });
}

/** Why a run failed, in one message: its exit and the end of its stderr. */
export function failureOf(label: string, run: MeasuredRun): Error {
  const how = run.signal ? `was killed by ${run.signal}` : `exited with ${run.exitCode}`;
  return new Error(`${label} ${how} after ${run.seconds.toFixed(1)} s: ${run.stderrTail.trim().split('\n').slice(-8).join('\n')}`);
}
