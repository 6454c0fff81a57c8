import { z } from 'zod';
import { describeTool } from '../export/tool-exports';
import { defineTool } from './define-tool';
import type { ToolAccess } from './tool-access';
import { silentLogger } from './tool-context';
import { dependencyFailureOf, ToolError } from './tool-error';
import { ToolRegistry, type ToolCallEvent } from './tool-registry';

const echo = defineTool({
  name: 'echo',
  description: 'Echoes a word a number of times',
  input: z.object({ word: z.string().min(1), times: z.number().int().min(1).max(5).default(1), tag: z.string().optional() }),
  output: z.object({ text: z.string(), caller: z.string() }),
  execute: async ({ word, times }, ctx) => ({ text: Array(times).fill(word).join(' '), caller: ctx.caller.kind }),
});

const sleepy = defineTool({
  name: 'sleepy',
  description: 'Waits, honouring its abort signal',
  input: z.object({ ms: z.number() }),
  output: z.object({ slept: z.number() }),
  execute: ({ ms }, ctx) =>
    new Promise<{ slept: number }>((resolve, reject) => {
      const timer = setTimeout(() => resolve({ slept: ms }), ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    }),
});

const stubborn = defineTool({
  name: 'stubborn',
  description: 'Ignores its abort signal',
  input: z.object({}),
  output: z.object({}),
  execute: () => new Promise<Record<string, never>>((resolve) => setTimeout(() => resolve({}), 300)),
});

const broken = defineTool({
  name: 'broken',
  description: 'Always throws',
  input: z.object({}),
  output: z.object({}),
  execute: async () => {
    throw new Error('disk on fire');
  },
});

const lying = defineTool({
  name: 'lying',
  description: 'Returns data that breaks its own schema',
  input: z.object({}),
  output: z.object({ n: z.number() }),
  execute: async () => ({ n: 'seven' }) as unknown as { n: number },
});

const missing = defineTool({
  name: 'missing',
  description: 'Throws a typed not-found error',
  input: z.object({ id: z.string() }),
  output: z.object({}),
  execute: async ({ id }) => {
    throw ToolError.notFound('Product', id);
  },
});

function registry() {
  return new ToolRegistry({ defaultTimeoutMs: 1_000 }).register(echo, sleepy, stubborn, broken, lying, missing);
}

describe('ToolRegistry', () => {
  it('lists tools by name and refuses duplicates', () => {
    const r = registry();
    expect(r.list().map((t) => t.name)).toEqual(['broken', 'echo', 'lying', 'missing', 'sleepy', 'stubborn']);
    expect(() => r.register(echo)).toThrow(/already registered/);
    expect(r.get('echo')).toBe(echo);
    expect(r.get('nope')).toBeUndefined();
  });

  it('validates input, applies defaults and passes the caller', async () => {
    const result = await registry().invoke('echo', { word: 'hi', times: 2 }, { caller: { kind: 'service', keyId: 'k1' } });
    expect(result).toEqual({ ok: true, data: { text: 'hi hi', caller: 'service' }, ms: expect.any(Number) });
    const defaulted = await registry().invoke('echo', { word: 'hi' });
    expect(defaulted.ok && defaulted.data).toEqual({ text: 'hi', caller: 'anonymous' });
  });

  it('treats null as an absent optional field', async () => {
    const result = await registry().invoke('echo', { word: 'hi', tag: null, times: null });
    expect(result.ok).toBe(true);
  });

  it('names every bad field in a BAD_INPUT error', async () => {
    const result = await registry().invoke('echo', { word: '', times: 9 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_INPUT');
    expect(result.error.details?.issues?.map((i) => i.field).sort()).toEqual(['times', 'word']);
    expect(result.error.message).toMatch(/times/);
  });

  it('skips its own parse for input the caller already parsed with the tool\'s schema (inputParsed)', async () => {
    const parse = jest.spyOn(echo.input, 'safeParse');
    try {
      const parsed = echo.input.parse({ word: 'hi' });
      parse.mockClear();
      const result = await registry().invoke('echo', parsed, {}, { inputParsed: true });
      expect(result.ok && result.data).toEqual({ text: 'hi', caller: 'anonymous' });
      expect(parse).not.toHaveBeenCalled();
      await registry().invoke('echo', { word: 'hi' });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('rejects a non-object input as BAD_INPUT', async () => {
    const result = await registry().invoke('echo', 'hello');
    expect(!result.ok && result.error.code).toBe('BAD_INPUT');
  });

  it('answers UNKNOWN_TOOL for a name it does not have', async () => {
    const result = await registry().invoke('nope', {});
    expect(!result.ok && result.error.code).toBe('UNKNOWN_TOOL');
  });

  it('aborts the signal and answers TIMEOUT when a tool runs late', async () => {
    const result = await registry().invoke('sleepy', { ms: 2_000 }, {}, { timeoutMs: 50 });
    expect(!result.ok && result.error.code).toBe('TIMEOUT');
    expect(result.ms).toBeLessThan(1_000);
  });

  it('enforces the timeout even when the tool ignores its signal', async () => {
    const result = await registry().invoke('stubborn', {}, {}, { timeoutMs: 30 });
    expect(!result.ok && result.error.code).toBe('TIMEOUT');
    expect(result.ms).toBeLessThan(250);
  });

  it('answers CANCELLED when the caller aborts, before or during the call', async () => {
    const before = new AbortController();
    before.abort();
    const early = await registry().invoke('sleepy', { ms: 10 }, { signal: before.signal });
    expect(!early.ok && early.error.code).toBe('CANCELLED');

    const during = new AbortController();
    setTimeout(() => during.abort(), 20);
    const late = await registry().invoke('sleepy', { ms: 2_000 }, { signal: during.signal });
    expect(!late.ok && late.error.code).toBe('CANCELLED');
  });

  it("wraps an exception as TOOL_FAILED with the request id, keeping its message for the log", async () => {
    const logged: unknown[] = [];
    const logger = { ...silentLogger, error: (obj: unknown) => void logged.push(obj), child: () => logger };
    const result = await registry().invoke('broken', {}, { requestId: 'req-7', logger });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual({ code: 'TOOL_FAILED', message: "Tool broken failed (request req-7); the details are in the server's log", details: { requestId: 'req-7' } });
    expect(JSON.stringify(result)).not.toContain('disk on fire');
    expect(logged).toEqual([{ err: expect.objectContaining({ message: 'disk on fire' }) }]);
  });

  it('answers UNAVAILABLE, generic and with a retry time, when a dependency cannot be reached', async () => {
    // As @reco/data's DatabaseUnavailableError says it: by property, since base-tools cannot import it.
    class DriverDown extends Error {
      readonly unavailableDependency = 'database';
      readonly retryAfterSeconds = 7;
    }
    const failing = (name: string, err: unknown) =>
      defineTool({ name, description: 'Fails', input: z.object({}), output: z.object({}), execute: async () => Promise.reject(err) });
    const r = new ToolRegistry().register(
      failing('direct', new DriverDown("Can't reach database server at 10.0.0.5:5432")),
      // A service that wraps the failure keeps it as its cause.
      failing('wrapped', new Error('loading the profile failed', { cause: new DriverDown('connect ECONNREFUSED 10.0.0.5:5432') })),
    );
    for (const name of ['direct', 'wrapped']) {
      const result = await r.invoke(name, {});
      expect(!result.ok && result.error).toEqual({
        code: 'UNAVAILABLE',
        message: `Tool ${name} is unavailable: a service it needs cannot be reached. Retry later.`,
        details: { retryAfterSeconds: 7 },
      });
      expect(JSON.stringify(result)).not.toMatch(/10\.0\.0\.5|ECONNREFUSED|database/);
    }
    expect(dependencyFailureOf(new Error('plain'))).toBeUndefined();
    expect(dependencyFailureOf(Object.assign(new Error('x'), { unavailableDependency: 'cache' }))).toEqual({ dependency: 'cache', retryAfterSeconds: 5 });
  });

  it('keeps the code of a ToolError thrown by the tool', async () => {
    const result = await registry().invoke('missing', { id: 'X1' });
    expect(!result.ok && result.error).toEqual({
      code: 'NOT_FOUND',
      message: 'Product "X1" was not found',
      details: { id: 'X1' },
    });
  });

  it('answers BAD_OUTPUT when a tool breaks its output schema', async () => {
    const result = await registry().invoke('lying', {});
    expect(!result.ok && result.error.code).toBe('BAD_OUTPUT');
  });

  it('reports every call to listeners, and survives a listener that throws', async () => {
    const r = registry();
    const events: ToolCallEvent[] = [];
    r.onCall(() => {
      throw new Error('listener bug');
    });
    const off = r.onCall((e) => events.push(e));
    await r.invoke('echo', { word: 'a' }, { requestId: 'req-1' });
    await r.invoke('broken', {});
    off();
    await r.invoke('echo', { word: 'b' });
    expect(events.map((e) => [e.tool, e.ok, e.code])).toEqual([
      ['echo', true, undefined],
      ['broken', false, 'TOOL_FAILED'],
    ]);
    expect(events[0].requestId).toBe('req-1');
  });
});

describe('ToolRegistry: answers a tool already holds (cached)', () => {
  // A tool with an in-memory answer for some inputs: `cached` answers those, `execute` the rest.
  function memoTool() {
    const held = new Map<string, { text: string }>([['known', { text: 'from memory' }]]);
    const executed: string[] = [];
    const tool = defineTool({
      name: 'memo',
      description: 'Answers from memory when it can',
      input: z.object({ key: z.string(), owner: z.string().optional() }),
      output: z.object({ text: z.string() }),
      execute: async ({ key }) => {
        executed.push(key);
        return { text: `computed ${key}` };
      },
      cached: ({ key, owner }, ctx) => {
        if (owner && !(ctx.caller.kind === 'customer' && ctx.caller.customerId === owner)) throw ToolError.forbidden(`not yours: ${owner}`);
        if (key === 'explodes') throw new Error('cache index corrupt');
        return held.get(key);
      },
    });
    return { registry: new ToolRegistry().register(tool), executed, held };
  }

  it('answers from `cached` without running the tool, and reports the call', async () => {
    const { registry, executed, held } = memoTool();
    const events: ToolCallEvent[] = [];
    registry.onCall((e) => events.push(e));
    const result = await registry.invoke('memo', { key: 'known' });
    expect(result).toMatchObject({ ok: true, data: { text: 'from memory' } });
    expect(executed).toEqual([]);
    expect(events).toMatchObject([{ tool: 'memo', ok: true }]);
    // Without output validation (production), the caller gets the very object held, not a copy.
    const lean = new ToolRegistry({ validateOutput: false }).register(registry.get('memo')!);
    const leanResult = await lean.invoke('memo', { key: 'known' });
    expect(leanResult.ok && leanResult.data).toBe(held.get('known'));
  });

  it('runs the tool when `cached` has nothing, or when the lookup itself breaks', async () => {
    const { registry, executed } = memoTool();
    expect(await registry.invoke('memo', { key: 'other' })).toMatchObject({ ok: true, data: { text: 'computed other' } });
    expect(await registry.invoke('memo', { key: 'explodes' })).toMatchObject({ ok: true, data: { text: 'computed explodes' } });
    expect(executed).toEqual(['other', 'explodes']);
  });

  it('keeps the error a cached lookup throws as a ToolError, and validates input before it', async () => {
    const { registry, executed } = memoTool();
    const refused = await registry.invoke('memo', { key: 'known', owner: '17850' }, { caller: { kind: 'customer', customerId: '12347' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await registry.invoke('memo', { key: 7 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(executed).toEqual([]);
  });

  it('does not read the caller\'s signal for a cached answer (callers may create it lazily)', async () => {
    const { registry } = memoTool();
    let signalRead = false;
    const context = {
      get signal(): AbortSignal {
        signalRead = true;
        return new AbortController().signal;
      },
    };
    await registry.invoke('memo', { key: 'known' }, context);
    expect(signalRead).toBe(false);
    await registry.invoke('memo', { key: 'other' }, context);
    expect(signalRead).toBe(true);
  });
});

describe('ToolRegistry: a tool carries its own access rule', () => {
  const callers = {
    anonymous: { kind: 'anonymous' },
    customer: { kind: 'customer', customerId: '17850' },
    service: { kind: 'service', keyId: 'shop' },
    admin: { kind: 'admin', keyId: 'ops' },
  } as const;
  const ran: string[] = [];
  const withAccess = (name: string, access?: ToolAccess) =>
    defineTool({
      name,
      description: `A tool for callers allowed by ${access ?? 'default'}`,
      ...(access ? { access } : {}),
      input: z.object({ n: z.number() }),
      output: z.object({}),
      // Never answered from memory for a refused caller either.
      cached: () => undefined,
      execute: async () => {
        ran.push(name);
        return {};
      },
    });
  const registry = new ToolRegistry().register(withAccess('open'), withAccess('signed_in', 'authenticated'), withAccess('shop_wide', 'staff'), withAccess('operator', 'admin'));

  it('refuses a caller the rule leaves out with FORBIDDEN, before reading the input or running the tool', async () => {
    const allowed: Record<string, string[]> = {};
    for (const [who, caller] of Object.entries(callers)) {
      for (const tool of ['open', 'signed_in', 'shop_wide', 'operator']) {
        // Bad input: a refused caller learns nothing about the input's checks.
        const result = await registry.invoke(tool, { n: 'x' }, { caller });
        if (result.ok) throw new Error('bad input must never pass');
        if (result.error.code === 'BAD_INPUT') (allowed[who] ??= []).push(tool);
        else expect(result.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(tool) });
      }
    }
    expect(allowed).toEqual({
      anonymous: ['open'],
      customer: ['open', 'signed_in'],
      service: ['open', 'signed_in', 'shop_wide'],
      admin: ['open', 'signed_in', 'shop_wide', 'operator'],
    });
    // A call with no caller is anonymous.
    expect(await registry.invoke('shop_wide', { n: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Input an HTTP route already parsed does not skip the rule.
    expect(await registry.invoke('shop_wide', { n: 1 }, { caller: callers.customer }, { inputParsed: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ran).toEqual([]);
    expect(await registry.invoke('shop_wide', { n: 1 }, { caller: callers.service })).toMatchObject({ ok: true });
    expect(ran).toEqual(['shop_wide']);
  });

  it('lists for a caller only the tools it may call, and describes each one\'s rule', () => {
    expect(registry.listFor(callers.customer).map((t) => t.name)).toEqual(['open', 'signed_in']);
    expect(registry.listFor(callers.admin).map((t) => t.name)).toEqual(['open', 'operator', 'shop_wide', 'signed_in']);
    expect(registry.list().map((t) => [t.name, describeTool(t).access])).toEqual([
      ['open', 'public'],
      ['operator', 'admin'],
      ['shop_wide', 'staff'],
      ['signed_in', 'authenticated'],
    ]);
  });
});

describe('defineTool', () => {
  it('rejects names that function calling would refuse', () => {
    expect(() => defineTool({ ...echo, name: 'Bad Name' })).toThrow(/snake_case/);
    expect(() => defineTool({ ...echo, description: ' ' })).toThrow(/description/);
  });
});
