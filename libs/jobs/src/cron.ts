import { CronExpressionParser, type CronExpression } from 'cron-parser';

// cron-parser fills missing fields and reads `every day` as an alias: a typo would become a
// schedule nobody meant. Count the fields first, then let the parser judge their values.
const FIELD_COUNTS = new Set([5, 6]);

/**
 * Why a cron expression (and optional IANA time zone) cannot be scheduled, or undefined when it
 * can: 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), or an alias
 * such as `@daily`. For config validation at start-up; schedule() refuses the same input.
 */
export function checkCron(expression: string, timezone?: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  const alias = fields.length === 1 && fields[0]?.startsWith('@');
  if (!alias && !FIELD_COUNTS.has(fields.length)) {
    return `cron expression "${expression}" has ${fields.length} fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first), e.g. "0 3 * * *"`;
  }
  if (timezone !== undefined && !isTimeZone(timezone)) return `time zone "${timezone}" is not an IANA zone such as "Europe/Berlin"`;
  try {
    parse(expression, timezone, new Date()).next();
    return undefined;
  } catch (err) {
    return `cron expression "${expression}" is invalid: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** checkCron as an assertion: throws a RangeError naming the expression. */
export function assertCron(expression: string, timezone?: string): void {
  const problem = checkCron(expression, timezone);
  if (problem) throw new RangeError(problem);
}

/** The first time strictly after `after` that the expression names. */
export function nextCronTime(expression: string, timezone: string | undefined, after: Date): Date {
  return parse(expression, timezone, after).next().toDate();
}

function parse(expression: string, timezone: string | undefined, currentDate: Date): CronExpression {
  // UTC unless told: every process reads the cron alike, whatever its machine's zone.
  return CronExpressionParser.parse(expression.trim(), { currentDate, tz: timezone ?? 'UTC' });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
