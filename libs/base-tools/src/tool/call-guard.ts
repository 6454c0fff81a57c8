import type { Caller, ToolContext, ToolLogger } from './tool-context';
import { ToolError } from './tool-error';

/**
 * One call's context and its stop conditions (timeout, caller cancelled). The AbortController
 * and the child logger are made only when the tool reads them: a call answered from a cache
 * touches neither, and on a hot path each costs more than the cache lookup itself.
 */
export class CallGuard implements ToolContext {
  readonly requestId: string;
  readonly caller: Caller;
  /** Rejects with the TIMEOUT or CANCELLED error; raced against the tool so tools that ignore the signal still stop. */
  readonly stopped: Promise<never>;
  private controller: AbortController | undefined;
  private childLogger: ToolLogger | undefined;
  private stopReason: ToolError | undefined;
  private rejectStopped!: (reason: ToolError) => void;
  private readonly timer: NodeJS.Timeout;
  private readonly onParentAbort: (() => void) | undefined;

  constructor(
    private readonly toolName: string,
    timeoutMs: number,
    private readonly parentLogger: ToolLogger,
    requestId: string,
    caller: Caller,
    private readonly parentSignal: AbortSignal | undefined,
  ) {
    this.requestId = requestId;
    this.caller = caller;
    this.stopped = new Promise<never>((_, reject) => {
      this.rejectStopped = reject;
    });
    // Nobody may be racing yet when the stop comes; never an unhandled rejection.
    this.stopped.catch(() => undefined);
    this.timer = setTimeout(() => this.stop(new ToolError('TIMEOUT', `Tool ${toolName} did not finish within ${timeoutMs} ms`, { timeoutMs })), timeoutMs);
    if (parentSignal) {
      this.onParentAbort = () => this.stop(new ToolError('CANCELLED', `Call to ${toolName} was cancelled by the caller`));
      parentSignal.addEventListener('abort', this.onParentAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopReason) this.controller.abort(this.stopReason);
    }
    return this.controller.signal;
  }

  get logger(): ToolLogger {
    this.childLogger ??= this.parentLogger.child({ tool: this.toolName });
    return this.childLogger;
  }

  /** Why the call was stopped, if it was. */
  get reason(): ToolError | undefined {
    return this.stopReason;
  }

  /** Stops the timer and forgets the caller's signal; the call is over. */
  release(): void {
    clearTimeout(this.timer);
    if (this.onParentAbort) this.parentSignal?.removeEventListener('abort', this.onParentAbort);
  }

  private stop(reason: ToolError): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.controller?.abort(reason);
    this.rejectStopped(reason);
  }
}
