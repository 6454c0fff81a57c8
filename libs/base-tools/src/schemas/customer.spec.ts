import { CustomerIdSchema, CustomerSegmentSchema } from './customer';
import { RecommendationListSchema } from './recommendation';

describe('CustomerIdSchema', () => {
  // The open model's customer ids: whatever a shop uses, kept exactly as sent.
  it.each(['17850', 'C-000042', 'jane.doe+shop@example.com', 'a b', ' 17850 ', 'Kunde/Nr. 7', 'x'.repeat(128), '😀'.repeat(128)])('keeps %j exactly', (id) =>
    expect(CustomerIdSchema.parse(id)).toBe(id),
  );

  it.each([
    ['', 'must not be empty'],
    ['   ', 'not only spaces'],
    ['a\u0000b', 'printable characters only'],
    ['line\nbreak', 'printable characters only'],
    ['x'.repeat(129), 'at most 128 characters'],
  ])('refuses %j: %s', (id, reason) => {
    const result = CustomerIdSchema.safeParse(id);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('; ')).toContain(reason);
  });

  it('is the id of every answer that names a customer', () => {
    const id = 'jane.doe+shop@example.com';
    expect(RecommendationListSchema.shape.userId.parse(id)).toBe(id);
    expect(CustomerSegmentSchema.shape.customerId.parse(id)).toBe(id);
  });
});
