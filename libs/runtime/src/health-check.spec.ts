import { runHealthChecks } from './health-check';

describe('runHealthChecks', () => {
  it('reports each check, and a slow or failing one makes the report degraded', async () => {
    const report = await runHealthChecks(
      [
        { name: 'fine', check: async () => ({ backend: 'wasm' }) },
        { name: 'broken', check: async () => Promise.reject(new Error('connection refused')) },
        { name: 'slow', check: () => new Promise(() => undefined) },
      ],
      50,
    );
    expect(report.status).toBe('degraded');
    expect(report.checks['fine']).toMatchObject({ ok: true, backend: 'wasm' });
    expect(report.checks['broken']).toMatchObject({ ok: false, error: 'connection refused' });
    expect(report.checks['slow']).toMatchObject({ ok: false, error: 'no answer within 50 ms' });
  });

  it('is ok with no checks configured', async () => {
    expect(await runHealthChecks([], 50)).toEqual({ status: 'ok', checks: {} });
  });
});
