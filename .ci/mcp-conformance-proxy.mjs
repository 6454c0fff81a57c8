// Forwards every request to the backend under test with its API key added: the conformance
// suite's client sends no headers of its own. Host and Origin pass unchanged, so the suite's
// DNS-rebinding scenario reaches the backend's own check. Prints the port it listens on (the only
// thing on stdout); errors go to stderr.
// Every exchange is bounded: a request must arrive within 30 s, and the backend's whole answer
// within PROXY_TIMEOUT_MS (default 120000), else the client gets 504 (or its stream is cut).
// Usage: UPSTREAM=http://127.0.0.1:PORT API_KEY=... [PROXY_TIMEOUT_MS=...] node .ci/mcp-conformance-proxy.mjs
import http from 'node:http';

function settings(env) {
  let upstream;
  try {
    upstream = new URL(env.UPSTREAM ?? '');
  } catch {
    upstream = undefined;
  }
  if (upstream?.protocol !== 'http:' || !upstream.port) return { error: `UPSTREAM must be http://host:port, not "${env.UPSTREAM ?? ''}"` };
  if (!env.API_KEY) return { error: 'API_KEY must be set' };
  const timeoutText = env.PROXY_TIMEOUT_MS ?? '120000';
  if (!/^[1-9][0-9]*$/.test(timeoutText)) return { error: `PROXY_TIMEOUT_MS must be a whole number of milliseconds, not "${timeoutText}"` };
  return { upstream, key: env.API_KEY, timeoutMs: Number(timeoutText) };
}

const config = settings(process.env);
if (config.error) {
  console.error(`mcp-conformance-proxy: ${config.error}`);
  process.exit(2);
}
const { upstream, key, timeoutMs } = config;

const server = http.createServer((req, res) => {
  const forward = http.request({
    host: upstream.hostname,
    port: upstream.port,
    method: req.method,
    path: req.url,
    headers: { ...req.headers, authorization: `Bearer ${key}` },
  });
  // One deadline for the whole answer: a backend that answers slowly byte by byte is cut too.
  const deadline = setTimeout(() => {
    const failure = new Error(`no complete answer from the backend within ${timeoutMs} ms`);
    failure.status = 504;
    forward.destroy(failure);
  }, timeoutMs);
  forward.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
    answer.on('error', (err) => res.destroy(err));
  });
  forward.on('error', (err) => {
    console.error(`mcp-conformance-proxy: ${req.method} ${req.url}: ${err.message}`);
    if (res.headersSent) res.destroy();
    else res.writeHead(err.status ?? 502, { 'content-type': 'text/plain' }).end(`proxy: ${err.message}`);
  });
  // Done, or the client stopped reading (an SSE stream it cancels): the backend's request ends too.
  res.on('close', () => {
    clearTimeout(deadline);
    forward.destroy();
  });
  req.pipe(forward);
});
server.requestTimeout = 30_000;
server.headersTimeout = 10_000;
server.on('error', (err) => {
  console.error(`mcp-conformance-proxy: cannot listen: ${err.message}`);
  process.exit(1);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
