// Forwards every request to the backend under test with its API key added: the conformance
// suite's client sends no headers of its own. Host and Origin pass unchanged, so the suite's
// DNS-rebinding scenario reaches the backend's own check. Prints the port it listens on.
// Usage: UPSTREAM=http://127.0.0.1:PORT API_KEY=... node .ci/mcp-conformance-proxy.mjs
import http from 'node:http';

const upstream = new URL(process.env.UPSTREAM ?? '');
const key = process.env.API_KEY ?? '';
if (upstream.protocol !== 'http:' || !key) {
  console.error('mcp-conformance-proxy: set UPSTREAM (http://host:port) and API_KEY');
  process.exit(2);
}

const server = http.createServer((req, res) => {
  const forward = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, authorization: `Bearer ${key}` }, timeout: 60_000 },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('timeout', () => forward.destroy(new Error('no answer from the backend within 60 s')));
  forward.on('error', (err) => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${err.message}`);
  });
  // A client that stops reading (an SSE stream it cancels) releases the backend's request too.
  res.on('close', () => forward.destroy());
  req.pipe(forward);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
