import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { product } from '../__fixtures__/products';
import { InProcessSearchIndex } from '../search-index/in-process-search-index';
import { tokenize } from '../search-index/text-normalizer';
import { OpenAiEmbeddingProvider } from './openai-embedding-provider';

// A stand-in embeddings model: hashed bag of words, so texts sharing words are similar.
function hashedVector(text: string): number[] {
  const v = new Array<number>(16).fill(0);
  for (const t of tokenize(text)) v[[...t].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 16, 7)] += 1;
  return v;
}

interface Received {
  path: string;
  auth: string | undefined;
  body: { model: string; input: string[] };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let data = '';
  for await (const chunk of req) data += chunk;
  return data;
}

describe('OpenAiEmbeddingProvider against a local OpenAI-compatible server', () => {
  let server: Server;
  let baseUrl: string;
  const received: Received[] = [];
  let failing = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const body = JSON.parse(raw) as Received['body'];
        received.push({ path: req.url ?? '', auth: req.headers.authorization, body });
        if (failing) {
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"overloaded"}');
          return;
        }
        // Answers in reverse order: the client must sort by index.
        const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: hashedVector(text) })).reverse();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: body.model }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    failing = false;
  });

  it('posts the model and texts in batches, with the key, and returns vectors in input order', async () => {
    const provider = new OpenAiEmbeddingProvider({ baseUrl, model: 'test-embed', apiKey: 'sk-test', batchSize: 2 });
    const vectors = await provider.embed(['red lantern', 'blue bowl', 'red lantern']);
    expect(vectors).toHaveLength(3);
    expect(Array.from(vectors[0])).toEqual(hashedVector('red lantern'));
    expect(Array.from(vectors[2])).toEqual(Array.from(vectors[0]));
    expect(received.map((r) => r.body.input.length)).toEqual([2, 1]);
    expect(received[0]).toMatchObject({ path: '/v1/embeddings', auth: 'Bearer sk-test', body: { model: 'test-embed' } });
    expect(provider.name).toBe('openai:test-embed');
  });

  it('throws with the status when the endpoint fails', async () => {
    failing = true;
    const provider = new OpenAiEmbeddingProvider({ baseUrl, model: 'test-embed' });
    await expect(provider.embed(['x'])).rejects.toThrow(/503/);
    expect(received[0].auth).toBeUndefined();
  });

  const catalogue = [product('L1', 'WHITE METAL LANTERN'), product('L2', 'RED LANTERN'), product('B1', 'BLUE BOWL')];

  it('gives the search index its vectors when configured', async () => {
    const index = new InProcessSearchIndex({ loadProducts: async () => catalogue, embeddingProvider: new OpenAiEmbeddingProvider({ baseUrl, model: 'm' }) });
    const page = await index.search({ text: 'red lantern', limit: 5, offset: 0 });
    expect(index.status().embeddings).toBe('openai:m');
    expect(page.hits[0]).toMatchObject({ product: { id: 'L2' }, match: 'both' });
    // Repeated queries are memoised: one request for the catalogue, one for the query.
    await index.search({ text: 'red lantern', limit: 5, offset: 0 });
    expect(received).toHaveLength(2);
  });

  it('falls back to learned vectors when the endpoint is down at build time', async () => {
    failing = true;
    const index = new InProcessSearchIndex({ loadProducts: async () => catalogue, embeddingProvider: new OpenAiEmbeddingProvider({ baseUrl, model: 'm' }) });
    const page = await index.search({ text: 'lantern', limit: 5, offset: 0 });
    expect(index.status().embeddings).toBe('description-lsa');
    expect(page.hits.map((h) => h.product.id).sort()).toEqual(['L1', 'L2']);
  });
});
