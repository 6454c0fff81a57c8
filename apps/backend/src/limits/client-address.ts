import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * The client a per-address limit counts: the request's address (after trusted proxies), an
 * IPv4-mapped IPv6 address as plain IPv4, and an IPv6 address as its /64 network, since one
 * subscriber commonly holds a whole /64 and could otherwise take a fresh address per attempt.
 */
export function clientAddressOf(req: Request): string {
  const ip = (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  return isIPv6(ip) ? ipv6Network64(ip) : ip;
}

/** `2001:db8:1:2:…` → `2001:db8:1:2::/64`, whichever way the address was written. */
function ipv6Network64(ip: string): string {
  const [head = '', tail] = ip.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part fills two groups.
  const backGroups = back.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - backGroups)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
