export const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365;
const HOUR_MS = 3_600_000;
const HOURS = YEAR_DAYS * 24;

// Relative traffic by UTC hour, weekday (Sunday first) and month: evenings, weekends and the
// November-December peak are busier, nights and late summer quieter.
const BY_HOUR = [0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.3, 0.55, 0.8, 0.95, 1, 1.05, 1.1, 1.05, 1, 1, 1.05, 1.15, 1.3, 1.45, 1.5, 1.35, 0.95, 0.55];
const BY_WEEKDAY = [1.15, 1.05, 1, 0.97, 0.97, 0.95, 1.1];
const BY_MONTH = [0.95, 0.85, 0.9, 0.9, 0.92, 0.88, 0.85, 0.85, 0.95, 1, 1.35, 1.45];

/**
 * Maps "activity days" (a time axis on which traffic is uniform, 0..365) onto the calendar of
 * the data year. The simulation schedules sessions evenly on the activity axis; this clock turns
 * that into realistic daily, weekly and seasonal rhythm.
 */
export class ActivityClock {
  /** Activity days elapsed at the start of each hour of the year. */
  private readonly elapsed = new Float64Array(HOURS + 1);

  constructor(readonly startMs: number) {
    let total = 0;
    for (let hour = 0; hour < HOURS; hour++) {
      const at = new Date(startMs + hour * HOUR_MS);
      total += BY_HOUR[at.getUTCHours()] * BY_WEEKDAY[at.getUTCDay()] * BY_MONTH[at.getUTCMonth()];
      this.elapsed[hour + 1] = total;
    }
    const scale = YEAR_DAYS / total;
    for (let hour = 0; hour <= HOURS; hour++) this.elapsed[hour] *= scale;
  }

  get endMs(): number {
    return this.startMs + YEAR_DAYS * DAY_MS;
  }

  /** Calendar time (epoch ms) of an activity day; past the year's end time runs evenly. */
  toMs(activityDay: number): number {
    if (activityDay <= 0) return this.startMs + activityDay * DAY_MS;
    if (activityDay >= YEAR_DAYS) return this.endMs + (activityDay - YEAR_DAYS) * DAY_MS;
    let lo = 0;
    let hi = HOURS - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.elapsed[mid] <= activityDay) lo = mid;
      else hi = mid - 1;
    }
    const fraction = (activityDay - this.elapsed[lo]) / (this.elapsed[lo + 1] - this.elapsed[lo]);
    return this.startMs + (lo + fraction) * HOUR_MS;
  }
}
