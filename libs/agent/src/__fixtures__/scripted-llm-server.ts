import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  status?: number;
  /** A JSON body, or raw text for malformed replies. */
  body: unknown;
  delayMs?: number;
}

export interface RecordedRequest {
  body: { messages: { role: string; content?: string | null; tool_call_id?: string; tool_calls?: unknown[] }[]; tools?: unknown[]; [k: string]: unknown };
  headers: IncomingMessage['headers'];
}

/** A real chat-completions server on 127.0.0.1 that answers each request with the next scripted reply. */
export async function startScriptedLlm(replies: ScriptedReply[]): Promise<{ baseUrl: string; requests: RecordedRequest[]; close: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ body: JSON.parse(raw), headers: req.headers });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
      const timer = setTimeout(() => {
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A completion whose message asks for these tool calls. */
export function toolCallReply(calls: { id?: string; name: string; args: Record<string, unknown> | string }[]): ScriptedReply {
  return {
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: calls.map((c, i) => ({
              id: c.id ?? `call_${i + 1}`,
              type: 'function',
              function: { name: c.name, arguments: typeof c.args === 'string' ? c.args : JSON.stringify(c.args) },
            })),
          },
        },
      ],
    },
  };
}

export function textReply(content: string): ScriptedReply {
  return { body: { id: 'chatcmpl-test', object: 'chat.completion', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] } };
}
