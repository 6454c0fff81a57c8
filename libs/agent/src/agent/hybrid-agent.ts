import { performance } from 'node:perf_hooks';
import { silentLogger, type ToolLogger } from '@reco/base-tools';
import { AnswerComposer } from '../answer/answer-composer';
import type { AnswerAudience } from '../answer/segment-wording';
import { SessionAccessError } from '../memory/session-store';
import type { SessionMemory } from '../memory/session-memory';
import type { SessionTurn, ToolCallRecord } from '../memory/session-turn';
import type { ExecuteStep, ExecutedCall, Planner, PlannerOutcome } from '../planner/planner';
import type { ToolRunner } from '../runner/tool-runner';
import type { AgentEvent } from './agent-events';
import type { ChatResult } from './chat-result';
import { EventChannel } from './event-channel';
import { inSpan } from '../tracing';

export interface HybridAgentOptions {
  sessionId: string;
  /** The signed-in customer the tools are bound to. */
  userId?: string;
  rules: Planner;
  /** When set, tried first; any failure falls back to `rules` for that turn. */
  llm?: Planner;
  runner: ToolRunner;
  memory: SessionMemory;
  composer?: AnswerComposer;
  /** Who reads the answers: `staff` (service and admin keys) see segment labels and invoice numbers. Default `customer`. */
  audience?: AnswerAudience;
  logger?: ToolLogger;
  /** Tool steps of a turn must finish within this many ms of the turn's (or the fallback's) start. */
  turnDeadlineMs: number;
  /** Products remembered per turn, for "the second one". */
  rememberedProducts?: number;
}

export interface ChatOptions {
  signal?: AbortSignal;
  /** Called with each event as it happens (what `chatStream` yields). */
  onEvent?: (event: AgentEvent) => void;
}

/** Planner, concurrent tool runner, composer and session memory for one conversation of one shopper. */
export class HybridAgent {
  private readonly composer: AnswerComposer;
  private readonly logger: ToolLogger;
  // Turns of one session run one after another so each sees the previous one in memory.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: HybridAgentOptions) {
    this.composer = options.composer ?? new AnswerComposer();
    this.logger = (options.logger ?? silentLogger).child({ sessionId: options.sessionId });
  }

  get sessionId(): string {
    return this.options.sessionId;
  }

  chat(message: string, options: ChatOptions = {}): Promise<ChatResult> {
    const turn = this.queue.then(() =>
      inSpan('agent turn', {}, (span) =>
        this.runTurn(message, options.signal, (e) => safeEmit(options.onEvent, e)).then((result) => {
          span?.setAttributes({ 'reco.planner': result.planner, 'reco.tool_calls': result.toolCalls.length });
          return result;
        }),
      ),
    );
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The turn as events: `plan`, `tool_start`, `tool_end` (per call, as they settle) and finally `answer`. */
  chatStream(message: string, options: { signal?: AbortSignal } = {}): AsyncIterableIterator<AgentEvent> {
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const channel = new EventChannel<AgentEvent>(() => stop.abort(new Error('The event stream was closed')));
    this.chat(message, { signal, onEvent: (e) => channel.push(e) }).then(
      () => channel.close(),
      (err: unknown) => channel.fail(err),
    );
    return channel;
  }

  private async runTurn(message: string, signal: AbortSignal | undefined, emit: (e: AgentEvent) => void): Promise<ChatResult> {
    const started = performance.now();
    signal?.throwIfAborted();
    const { rules, llm, runner, memory, userId, sessionId } = this.options;
    const history = await this.loadHistory();
    const executed: ExecutedCall[] = [];
    let toolsWallMs = 0;
    let step = 0;
    let deadlineAt = started + this.options.turnDeadlineMs;
    const turnSignal = signal ?? new AbortController().signal;

    const executeFor =
      (planner: Planner): ExecuteStep =>
      async (calls) => {
        step += 1;
        emit({ type: 'plan', step, planner: planner.kind, calls: calls.map((c) => ({ name: c.name, args: c.args })) });
        const result = await runner.runStep(calls, { step, deadlineAt, signal: turnSignal, emit });
        executed.push(...result.calls);
        toolsWallMs += result.wallMs;
        return result.calls;
      };

    let planner: Planner = rules;
    let outcome: PlannerOutcome;
    let fallbackReason: string | undefined;
    let composeFrom = 0;
    if (llm) {
      try {
        planner = llm;
        outcome = await llm.run({ message, userId, history, signal: turnSignal }, executeFor(llm));
      } catch (err) {
        signal?.throwIfAborted();
        fallbackReason = err instanceof Error ? err.message : String(err);
        this.logger.warn({ err, fallbackReason }, 'LLM planner failed; answering this turn with rules');
        emit({ type: 'fallback', from: 'llm', to: 'rules', reason: fallbackReason });
        planner = rules;
        composeFrom = executed.length;
        // The fallback gets a full deadline of its own: the LLM's time was not the tools' fault.
        deadlineAt = performance.now() + this.options.turnDeadlineMs;
        outcome = await rules.run({ message, userId, history, signal: turnSignal }, executeFor(rules));
      }
    } else {
      outcome = await rules.run({ message, userId, history, signal: turnSignal }, executeFor(rules));
    }
    signal?.throwIfAborted();

    const composed = this.composer.compose({
      calls: executed.slice(composeFrom),
      outcome,
      plannerText: planner.kind === 'llm' ? outcome.answer : undefined,
      audience: this.options.audience ?? 'customer',
    });
    const toolCalls = executed.map(toRecord);
    const result: ChatResult = {
      sessionId,
      answer: composed.answer,
      products: composed.products,
      toolCalls,
      timings: {
        totalMs: round(performance.now() - started),
        toolsWallMs: round(toolsWallMs),
        slowestToolMs: round(Math.max(0, ...executed.map((c) => c.ms))),
      },
      planner: planner.kind,
      ...(fallbackReason ? { fallbackReason } : {}),
      intents: outcome.intents,
      sections: composed.sections,
    };
    const turn: SessionTurn = {
      message,
      answer: result.answer,
      planner: result.planner,
      intents: result.intents,
      toolCalls,
      products: result.products.slice(0, this.options.rememberedProducts ?? 20),
      at: new Date().toISOString(),
    };
    try {
      await memory.append(turn);
    } catch (err) {
      // The shopper still gets the answer; only the follow-ups lose this turn.
      this.logger.error({ err }, 'could not store the turn in session memory');
    }
    emit({ type: 'answer', result });
    return result;
  }

  private async loadHistory(): Promise<SessionTurn[]> {
    try {
      return await this.options.memory.turns();
    } catch (err) {
      if (err instanceof SessionAccessError) throw err;
      this.logger.error({ err }, 'could not load session memory; answering without it');
      return [];
    }
  }
}

function toRecord(call: ExecutedCall): ToolCallRecord {
  const record: ToolCallRecord = { name: call.name, args: call.args, ok: call.ok, ms: call.ms };
  if (call.error) record.error = call.error;
  return record;
}

function safeEmit(listener: ((e: AgentEvent) => void) | undefined, event: AgentEvent): void {
  try {
    listener?.(event);
  } catch {
    // A broken listener (a closed HTTP stream) must not change the answer.
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
