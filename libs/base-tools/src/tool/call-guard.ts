import type { Caller, ToolContext, ToolLogger, ToolProgress, ToolProgressListener } from './tool-context';
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
  private released = false;
  private progressListenerFailed = false;

  constructor(
    private readonly toolName: string,
    timeoutMs: number,
    private readonly parentLogger: ToolLogger,
    requestId: string,
    caller: Caller,
    private readonly parentSignal: AbortSignal | undefined,
    private readonly onProgress?: ToolProgressListener,
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

  reportProgress(progress: number, total?: number, message?: string): void {
    // Once the call has its answer (or timed out, or its caller left) nobody waits for progress.
    if (!this.onProgress || this.released || this.stopReason || !Number.isFinite(progress)) return;
    const update: ToolProgress = { progress };
    if (total !== undefined && Number.isFinite(total)) update.total = total;
    if (message !== undefined) update.message = message;
    try {
      const pending: unknown = this.onProgress(update);
      // An async listener's rejection would otherwise be unhandled, which ends a Node process.
      if (pending instanceof Promise) pending.catch((err: unknown) => this.progressFailed(err));
    } catch (err) {
      this.progressFailed(err);
    }
  }

  /** Why the call was stopped, if it was. */
  get reason(): ToolError | undefined {
    return this.stopReason;
  }

  /** Stops the timer and forgets the caller's signal; the call is over. */
  release(): void {
    this.released = true;
    clearTimeout(this.timer);
    if (this.onParentAbort) this.parentSignal?.removeEventListener('abort', this.onParentAbort);
  }

  /** Progress is a courtesy: a listener that fails is logged (once per call), never the call's failure. */
  private progressFailed(err: unknown): void {
    if (this.progressListenerFailed) return;
    this.progressListenerFailed = true;
    this.logger.warn({ err }, 'progress listener failed; the call goes on');
  }

  private stop(reason: ToolError): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.controller?.abort(reason);
    this.rejectStopped(reason);
  }
}
