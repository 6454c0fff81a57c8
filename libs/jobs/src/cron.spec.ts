import { checkCron } from './cron';

describe('checkCron', () => {
  it('accepts 5 fields, 6 with seconds first, and aliases', () => {
    expect(checkCron('0 3 * * *')).toBeUndefined();
    expect(checkCron(' 30 4 * * MON-FRI ', 'Europe/Berlin')).toBeUndefined();
    expect(checkCron('*/1 * * * * *')).toBeUndefined();
    expect(checkCron('@daily')).toBeUndefined();
  });

  it('names the expression and what is wrong with it', () => {
    expect(checkCron('0 3 * *')).toBe('cron expression "0 3 * *" has 4 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first), e.g. "0 3 * * *"');
    expect(checkCron('')).toMatch(/"" has 0 fields/);
    expect(checkCron('0 0 3 * * * 2030')).toMatch(/has 7 fields/);
    expect(checkCron('61 * * * *')).toMatch(/^cron expression "61 \* \* \* \*" is invalid: .*61/);
    expect(checkCron('0 3 31 2 *')).toMatch(/^cron expression "0 3 31 2 \*" is invalid/);
    expect(checkCron('0 3 * * someday')).toMatch(/is invalid/);
    expect(checkCron('0 3 * * *', 'Europe/Atlantis')).toBe('time zone "Europe/Atlantis" is not an IANA zone such as "Europe/Berlin"');
  });
});
