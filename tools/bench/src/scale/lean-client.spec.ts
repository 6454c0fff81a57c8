import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LeanClient } from './lean-client';

describe('LeanClient', () => {
  let server: Server;
  let base: string;
  const seen: { url?: string; auth?: string; socket: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization, socket: req.socket });
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end(req.url === '/missing' ? 'no' : JSON.stringify({ strategy: 'model' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends the headers, reads the whole body, and keeps one connection for sequential calls', async () => {
    const client = new LeanClient(base, { authorization: 'Bearer k' });
    const first = await client.get('/a?x=1');
    const second = await client.get('/missing');
    client.close();
    expect(first).toMatchObject({ ok: true, text: '{"strategy":"model"}' });
    expect(first.ms).toBeGreaterThan(0);
    expect(second).toMatchObject({ ok: false, text: 'no' });
    expect(seen.map((s) => [s.url, s.auth])).toEqual([
      ['/a?x=1', 'Bearer k'],
      ['/missing', 'Bearer k'],
    ]);
    expect(seen[1]?.socket).toBe(seen[0]?.socket);
  });

  it('answers not ok, without throwing, when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new LeanClient(`http://127.0.0.1:${port}`, {});
    await expect(client.get('/')).resolves.toMatchObject({ ok: false, text: '' });
    client.close();
  });
});
