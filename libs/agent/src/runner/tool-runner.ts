import { performance } from 'node:perf_hooks';
import type { ToolErrorBody, ToolResult } from '@reco/base-tools';
import type { EnhancedTools } from '../tools/enhanced-tools';
import type { ExecutedCall, PlannedCall } from '../planner/planner';
import type { AgentEvent } from '../agent/agent-events';
import { defaultGather, type Gather } from './gather';

export interface ToolRunnerOptions {
  tools: EnhancedTools;
  gather?: Gather;
  /** Calls running at once within a step (default: all of them). */
  concurrency?: number;
  requestId?: string;
}

export interface StepOptions {
  step: number;
  /** performance.now() value after which every call still running ends as TIMEOUT. */
  deadlineAt: number;
  signal: AbortSignal;
  emit: (event: AgentEvent) => void;
}

export interface StepResult {
  calls: ExecutedCall[];
  wallMs: number;
}

/**
 * Starts every call of a step at once through `gather`, under the turn's deadline; each call
 * also has its tool's own timeout (enforced by the registry). A failed, late or cancelled call
 * becomes an error value: the others' results are untouched.
 */
export class ToolRunner {
  private readonly gather: Gather;
  private counter = 0;

  constructor(private readonly options: ToolRunnerOptions) {
    this.gather = options.gather ?? defaultGather;
  }

  async runStep(calls: readonly (PlannedCall & { id?: string })[], options: StepOptions): Promise<StepResult> {
    const { tools } = this.options;
    const prepared = calls.map((call) => ({
      id: call.id ?? `call_${++this.counter}`,
      name: call.name,
      args: tools.has(call.name) ? tools.bindArgs(call.name, call.args) : { ...call.args },
    }));
    if (!prepared.length) return { calls: [], wallMs: 0 };
    const ended = new Set<string>();
    const end = (executed: ExecutedCall) => {
      ended.add(executed.id);
      options.emit({
        type: 'tool_end',
        id: executed.id,
        name: executed.name,
        ok: executed.ok,
        ms: executed.ms,
        ...(executed.error ? { error: executed.error } : {}),
      });
    };
    const started = performance.now();
    const { results, wallMs } = await this.gather<ToolResult>(
      prepared.map((call) => ({
        // All started at once under the turn's span: the registry makes each call's `tool <name>`
        // span, so concurrent calls overlap in the trace.
        run: async (signal: AbortSignal) => {
          options.emit({ type: 'tool_start', id: call.id, name: call.name, args: call.args });
          const result = await tools.invoke(call.name, call.args, { signal, requestId: this.options.requestId });
          end(toExecuted(call, options.step, result));
          return result;
        },
      })),
      {
        deadlineMs: Math.max(0, options.deadlineAt - performance.now()),
        concurrency: this.options.concurrency,
        signal: options.signal,
      },
    );
    const executed = prepared.map((call, i): ExecutedCall => {
      const settled = results[i];
      if (settled.ok) return toExecuted(call, options.step, settled.data);
      // gather gave up on it (turn deadline or caller abort) before the registry answered.
      const late = toExecuted(call, options.step, {
        ok: false,
        error: fromGatherError(settled.error, call.name),
        ms: settled.ms,
      });
      if (!ended.has(call.id)) end(late);
      return late;
    });
    return { calls: executed, wallMs: wallMs ?? performance.now() - started };
  }
}

function toExecuted(call: { id: string; name: string; args: Record<string, unknown> }, step: number, result: ToolResult): ExecutedCall {
  const base = { id: call.id, name: call.name, args: call.args, step, ms: round(result.ms) };
  return result.ok ? { ...base, ok: true, data: result.data } : { ...base, ok: false, error: result.error };
}

function fromGatherError(error: Error, name: string): ToolErrorBody {
  const code = (error as { code?: unknown }).code;
  if (code === 'TIMEOUT') return { code: 'TIMEOUT', message: `Tool ${name} did not finish before the turn's deadline` };
  if (code === 'ABORTED') return { code: 'CANCELLED', message: `Call to ${name} was cancelled` };
  // The error's own text stays out: it reaches the model and the shopper (the registry logs it).
  return { code: 'TOOL_FAILED', message: `Tool ${name} failed` };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
