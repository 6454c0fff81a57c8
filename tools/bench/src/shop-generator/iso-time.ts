import { DAY_MS } from './activity-clock';

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * ISO 8601 UTC to the second (`2024-03-05T14:22:07Z`). Events arrive in time order, so the date
 * part is formatted once a day instead of a Date per event.
 */
export class IsoTimeFormatter {
  private day = Number.NaN;
  private datePrefix = '';

  format(ms: number): string {
    const seconds = Math.floor(ms / 1000);
    const day = Math.floor(seconds / 86_400);
    if (day !== this.day) {
      this.day = day;
      this.datePrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    }
    let rest = seconds - day * 86_400;
    const hours = Math.floor(rest / 3600);
    rest -= hours * 3600;
    const minutes = Math.floor(rest / 60);
    return `${this.datePrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[rest - minutes * 60]}Z`;
  }
}
