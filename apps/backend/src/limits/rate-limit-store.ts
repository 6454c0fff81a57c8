export interface RateLimitHit {
  count: number;
  resetMs: number;
}

/** Counts hits per key in fixed windows; a store shared by all instances makes the limit global. */
export interface RateLimitStore {
  /** Counts one hit of `key` in the current window; returns the count so far and ms until the window resets. */
  /** An in-process store may answer synchronously: the hot path then takes no promise hop. */
  hit(key: string, windowMs: number): RateLimitHit | Promise<RateLimitHit>;
  close(): Promise<void>;
}
