import { maxHeaderSize, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from './http-error';

/** What Node's parser refuses before any route runs, answered as every other error is: status and JSON body. */
function answerFor(code: string | undefined, headerLimit: number): { status: number; body: ErrorBody } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: { error: { code: 'HEADERS_TOO_LARGE', message: `The request line and headers together exceed ${headerLimit} bytes; send long inputs in a POST body` } },
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, body: { error: { code: 'BODY_TOO_LARGE', message: 'Chunk extensions are too large' } } };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, body: { error: { code: 'REQUEST_TIMEOUT', message: 'The request was not received in time' } } };
    default:
      return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'Malformed HTTP request' } } };
  }
}

/**
 * Node answers requests its parser refuses (a URL or headers past the header limit, a malformed
 * request, a request that arrives too slowly) itself, with an empty body. This takes over its
 * 'clientError' event to give the same statuses with the API's JSON error body, under the same
 * care: only on a socket that can still be written and whose current answer has not begun, always
 * `Connection: close`, and the socket destroyed after, as Node does.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      // Node keeps a server's own limit (the createServer option) on the server; else the process-wide one.
      const headerLimit = (server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize;
      const { status, body } = answerFor(err.code, headerLimit);
      const text = JSON.stringify(body);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          'Content-Type: application/json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(text)}\r\n` +
          'Cache-Control: no-store\r\n' +
          'Connection: close\r\n\r\n' +
          text,
      );
    }
    socket.destroy();
  });
}
