import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FaultBackend } from './faults-deployment';

export interface LoadFigures {
  requests: number;
  /** No backend answered at all (refused, reset, timed out). */
  failed: number;
  /** 5xx other than 503. */
  serverErrors: number;
  /** 503 answers (allowed: a dependency is down). */
  unavailable: number;
  /** Answers asked for at least STALE_AFTER_MS after a purchase was acknowledged that still list the bought product. */
  stale: number;
  eventsAcknowledged: number;
  /** Events a client gave up on (no 2xx after its retries). */
  eventsUnacknowledged: number;
}

// Time for the response cache (250 ms) and invalidation to reach every instance.
const STALE_AFTER_MS = 1_000;
const EVENT_RETRIES = 60;
const RETRY_DELAY_MS = 250;

type Answer = { status: number; body: unknown } | undefined;

/**
 * Shoppers against two backends behind a load balancer the load plays itself: it sends to
 * backends whose /health/ready says they take traffic (any live one when none does), tries the
 * other on a refused or reset connection, and never sends to one that is shutting down. Each
 * shopper reads a customer's list (bought products left out), buys its first product, and retries
 * a purchase with the same eventId until it is acknowledged.
 */
export class FaultLoad {
  readonly figures: LoadFigures = { requests: 0, failed: 0, serverErrors: 0, unavailable: 0, stale: 0, eventsAcknowledged: 0, eventsUnacknowledged: 0 };
  readonly acknowledged = new Set<string>();
  /** When each stale answer was asked for (performance.now() ms), to place it on the timeline. */
  readonly staleAt: number[] = [];
  private readonly bought = new Map<string, { productId: string; at: number }[]>();
  private readonly ready = new Map<string, boolean>();
  private readonly draining = new Set<string>();
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly backends: readonly FaultBackend[],
    private readonly serviceKey: string,
    private readonly customers: readonly string[],
  ) {}

  start(shoppers: number): void {
    this.running = true;
    this.loops = [this.watchReadiness(), ...Array.from({ length: shoppers }, () => this.shop())];
  }

  async stop(): Promise<LoadFigures> {
    this.running = false;
    await Promise.all(this.loops);
    return this.figures;
  }

  private async watchReadiness(): Promise<void> {
    while (this.running) {
      await Promise.all(
        this.backends.map(async (b) => {
          const res = await fetch(`${b.url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
          this.ready.set(b.name, res?.status === 200);
          if (res && res.status === 503 && ((await res.json().catch(() => ({}))) as { status?: string }).status === 'shutting_down') this.draining.add(b.name);
          if (!res && b.exited()) this.draining.add(b.name);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private candidates(): FaultBackend[] {
    const live = this.backends.filter((b) => !this.draining.has(b.name) && !b.exited());
    const ready = live.filter((b) => this.ready.get(b.name) !== false);
    return (ready.length > 0 ? ready : live).sort(() => Math.random() - 0.5);
  }

  private async send(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Answer> {
    this.figures.requests++;
    for (const backend of this.candidates()) {
      try {
        const res = await fetch(`${backend.url}${route}`, {
          method,
          headers: { authorization: `Bearer ${this.serviceKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(20_000),
        });
        const parsed: unknown = await res.json().catch(() => undefined);
        if (res.status === 503) this.figures.unavailable++;
        else if (res.status >= 500) this.figures.serverErrors++;
        return { status: res.status, body: parsed };
      } catch {
        // Refused or reset: a balancer tries the next backend.
      }
    }
    this.figures.failed++;
    return undefined;
  }

  private async shop(): Promise<void> {
    while (this.running) {
      const customerId = this.customers[Math.floor(Math.random() * this.customers.length)] as string;
      const askedAt = performance.now();
      const answer = await this.send('GET', `/api/users/${encodeURIComponent(customerId)}/recommendations?k=10&excludePurchased=true`);
      if (answer?.status !== 200) continue;
      const items = ((answer.body as { items?: { productId: string }[] }).items ?? []).map((i) => i.productId);
      const earlier = this.bought.get(customerId) ?? [];
      if (earlier.some((b) => askedAt - b.at >= STALE_AFTER_MS && items.includes(b.productId))) {
        this.figures.stale++;
        this.staleAt.push(askedAt);
      }
      const productId = items[0];
      if (productId) await this.buy(customerId, productId);
    }
  }

  private async buy(customerId: string, productId: string): Promise<void> {
    const event = { eventId: randomUUID(), customerId, productId, type: 'purchase', quantity: 1 };
    for (let attempt = 0; attempt < EVENT_RETRIES; attempt++) {
      const answer = await this.send('POST', '/api/events', event);
      if (answer && answer.status >= 200 && answer.status < 300) {
        this.acknowledged.add(event.eventId);
        this.figures.eventsAcknowledged++;
        const list = this.bought.get(customerId) ?? [];
        list.push({ productId, at: performance.now() });
        this.bought.set(customerId, list);
        return;
      }
      if (answer && answer.status < 500) return; // refused as input: nothing to retry
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
    this.figures.eventsUnacknowledged++;
  }
}
