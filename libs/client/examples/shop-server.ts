/**
 * A shop's own Node server using @reco/client: its home page asks Reco for the signed-in
 * customer's `home` placement and renders the product names. The Reco key stays on this server;
 * the browser never sees it.
 *
 *   RECO_URL=http://127.0.0.1:3000 RECO_API_KEY=reco_service_... \
 *     npx tsx --conditions=@reco/source libs/client/examples/shop-server.ts
 *   curl 'http://127.0.0.1:8080/?customer=17850'
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { createRecoClient, orThrow, RecoApiError, type RecoClient } from '../src/index';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The shop's home page handler: the customer comes from the shop's own session (here, `?customer=`). */
export function shopHomePage(reco: RecoClient): RequestListener {
  return (req, res) => {
    void (async () => {
      const customer = new URL(req.url ?? '/', 'http://shop').searchParams.get('customer') ?? undefined;
      try {
        const list = orThrow(
          await reco.GET('/api/placements/{name}/recommendations', {
            params: { path: { name: 'home' }, query: { userId: customer, k: 6 } },
          }),
        );
        const items = list.items.map((item) => `<li data-product="${escapeHtml(item.productId)}">${escapeHtml(item.title)}</li>`).join('');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<h1>Picked for you</h1><ul data-recommendation="${escapeHtml(list.recommendationId)}">${items}</ul>`);
      } catch (err) {
        // The shop's page still renders without its recommendations.
        const status = err instanceof RecoApiError ? err.status : 502;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-reco-status': String(status) });
        res.end('<h1>Welcome</h1>');
      }
    })();
  };
}

export function startShopServer(reco: RecoClient, port = 0): Promise<Server> {
  const server = createServer(shopHomePage(reco));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (require.main === module) {
  const baseUrl = process.env['RECO_URL'] ?? 'http://127.0.0.1:3000';
  const apiKey = process.env['RECO_API_KEY'];
  if (!apiKey) throw new Error('Set RECO_API_KEY to a service key');
  void startShopServer(createRecoClient({ baseUrl, apiKey }), Number(process.env['PORT'] ?? 8080)).then((s) => {
    process.stdout.write(`shop on http://127.0.0.1:${(s.address() as { port: number }).port}/?customer=17850\n`);
  });
}
