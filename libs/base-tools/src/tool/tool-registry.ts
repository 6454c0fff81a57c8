import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { trace, type Span } from '@opentelemetry/api';
import type { AnyTool } from './define-tool';
import { CallGuard } from './call-guard';
import { accessRefusal, mayCall } from './tool-access';
import type { Caller, ToolLogger, ToolProgressListener } from './tool-context';
import { silentLogger } from './tool-context';
import { dependencyFailureOf, ToolError, type ToolErrorCode } from './tool-error';
import type { ToolResult } from './tool-result';
import { dropNulls, fieldIssues } from './field-issues';
import { inToolSpan, markCachedAnswer } from './tool-span';

export interface ToolRegistryOptions {
  /** Timeout for tools that set none and calls that ask for none. */
  defaultTimeoutMs?: number;
  /** Check each result against the tool's output schema (a broken tool yields BAD_OUTPUT). */
  validateOutput?: boolean;
}

/** What the caller supplies; missing parts get safe defaults (anonymous, silent, fresh id). */
export interface ToolCallContext {
  signal?: AbortSignal;
  requestId?: string;
  caller?: Caller;
  logger?: ToolLogger;
  /** Told the progress a long tool reports (`ctx.reportProgress`); absent, reports go nowhere. */
  onProgress?: ToolProgressListener;
}

export interface InvokeOptions {
  timeoutMs?: number;
  /**
   * The caller already parsed the input with this tool's own input schema (an HTTP route does):
   * the registry skips its parse, so a request is validated once. Never set it for raw input.
   */
  inputParsed?: boolean;
}

/** Emitted after every call, for metrics and traces. */
export interface ToolCallEvent {
  tool: string;
  ok: boolean;
  code?: ToolErrorCode;
  ms: number;
  requestId: string;
}

export type ToolCallListener = (event: ToolCallEvent) => void;

export const DEFAULT_TOOL_TIMEOUT_MS = 5_000;

const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });

export class ToolRegistry {
  private readonly tools = new Map<string, AnyTool>();
  private readonly listeners = new Set<ToolCallListener>();
  private readonly defaultTimeoutMs: number;
  private readonly validateOutput: boolean;

  constructor(options: ToolRegistryOptions = {}) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
    this.validateOutput = options.validateOutput ?? true;
  }

  register(...tools: AnyTool[]): this {
    for (const tool of tools) {
      if (this.tools.has(tool.name)) throw new Error(`Tool ${tool.name} is already registered`);
      this.tools.set(tool.name, tool);
    }
    return this;
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  get(name: string): AnyTool | undefined {
    return this.tools.get(name);
  }

  list(): AnyTool[] {
    return [...this.tools.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The tools `caller` may call (see ToolAccess): what a tool list shown to that caller offers. */
  listFor(caller: Caller): AnyTool[] {
    return this.list().filter((tool) => mayCall(tool.access, caller));
  }

  onCall(listener: ToolCallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Validates `rawInput`, runs the tool under a timeout that aborts its signal, and returns an
   * envelope. Never throws: unknown tool, bad input, timeout, cancellation and failure each
   * come back as their own error code. Under an active span (a request's, a job's, an agent
   * turn's) the call is a `tool <name>` span whose children are the tool's own work; outside
   * any span, as always without a tracing SDK, it costs no span at all.
   */
  invoke<T = unknown>(name: string, rawInput: unknown, callContext: ToolCallContext = {}, options: InvokeOptions = {}): Promise<ToolResult<T>> {
    if (!trace.getActiveSpan()) return this.call<T>(name, rawInput, callContext, options, undefined);
    return inToolSpan<T>(this.tools.has(name) ? name : undefined, (span) => this.call<T>(name, rawInput, callContext, options, span));
  }

  private async call<T>(name: string, rawInput: unknown, callContext: ToolCallContext, options: InvokeOptions, span: Span | undefined): Promise<ToolResult<T>> {
    const started = performance.now();
    const requestId = callContext.requestId ?? randomUUID();
    const finish = (result: ToolResult<T>): ToolResult<T> => {
      this.emit({ tool: name, ok: result.ok, code: result.ok ? undefined : result.error.code, ms: result.ms, requestId });
      return result;
    };
    const fail = (error: ToolError): ToolResult<T> =>
      finish({ ok: false, error: error.toBody(), ms: performance.now() - started });

    const tool = this.tools.get(name);
    if (!tool) return fail(new ToolError('UNKNOWN_TOOL', `No tool named ${JSON.stringify(name)}`, { tool: name }));
    // The tool's own access rule, before its input is read: the same answer at every door.
    const caller = callContext.caller ?? ANONYMOUS;
    const refused = accessRefusal(tool, caller);
    if (refused) return fail(refused);

    const parsed = options.inputParsed ? { success: true as const, data: rawInput } : tool.input.safeParse(dropNulls(rawInput ?? {}));
    if (!parsed.success) return fail(ToolError.badInput(fieldIssues(parsed.error)));

    if (tool.cached) {
      // The hot path: an answer already in memory. Before anything touches the caller's signal,
      // which some callers (HTTP) only create when it is asked for.
      try {
        const hit = tool.cached(parsed.data, { caller, requestId });
        if (hit !== undefined) {
          markCachedAnswer(span);
          return this.complete<T>(tool, hit, callContext.logger ?? silentLogger, fail, finish, started);
        }
      } catch (err) {
        if (err instanceof ToolError) return fail(err);
        // A broken cache lookup must not fail a call the tool could still answer.
        (callContext.logger ?? silentLogger).warn({ err, tool: name }, 'cached lookup failed; running the tool');
      }
    }

    const parentSignal = callContext.signal;
    if (parentSignal?.aborted) return fail(new ToolError('CANCELLED', `Call to ${name} was cancelled before it started`));

    const timeoutMs = options.timeoutMs ?? tool.timeoutMs ?? this.defaultTimeoutMs;
    const ctx = new CallGuard(name, timeoutMs, callContext.logger ?? silentLogger, requestId, caller, parentSignal, callContext.onProgress);
    try {
      // The race stops the wait even for a tool that ignores its signal.
      const raw = await Promise.race([tool.execute(parsed.data, ctx), ctx.stopped]);
      return this.complete<T>(tool, raw, ctx.logger, fail, finish, started);
    } catch (err) {
      if (ctx.reason) return fail(ctx.reason);
      if (err instanceof ToolError) return fail(err);
      // What failed (addresses, source positions) goes to the log only; the envelope is generic.
      const dependency = dependencyFailureOf(err);
      if (dependency) {
        ctx.logger.warn({ err, dependency: dependency.dependency }, 'tool could not reach a dependency');
        return fail(ToolError.unavailable(name, dependency.retryAfterSeconds));
      }
      ctx.logger.error({ err }, 'tool failed');
      return fail(new ToolError('TOOL_FAILED', `Tool ${name} failed (request ${requestId}); the details are in the server's log`, { requestId }));
    } finally {
      ctx.release();
    }
  }

  /** The success envelope, after checking the tool's output when the registry validates outputs. */
  private complete<T>(
    tool: AnyTool,
    raw: unknown,
    logger: ToolLogger,
    fail: (error: ToolError) => ToolResult<T>,
    finish: (result: ToolResult<T>) => ToolResult<T>,
    started: number,
  ): ToolResult<T> {
    if (!this.validateOutput) return finish({ ok: true, data: raw as T, ms: performance.now() - started });
    const output = tool.output.safeParse(raw);
    if (!output.success) {
      logger.error({ tool: tool.name, issues: fieldIssues(output.error) }, 'tool returned data that does not match its output schema');
      return fail(new ToolError('BAD_OUTPUT', `Tool ${tool.name} returned malformed data`, { issues: fieldIssues(output.error) }));
    }
    return finish({ ok: true, data: output.data as T, ms: performance.now() - started });
  }

  private emit(event: ToolCallEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken metrics listener must not change a tool's answer.
      }
    }
  }
}
