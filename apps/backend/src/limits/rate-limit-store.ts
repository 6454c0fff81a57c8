/** Counts hits per key in fixed windows; a store shared by all instances makes the limit global. */
export interface RateLimitStore {
  /** Counts one hit of `key` in the current window; returns the count so far and ms until the window resets. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  close(): Promise<void>;
}
