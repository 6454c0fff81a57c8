import { ObjectStoreError } from './object-store-error';

const MAX_KEY_BYTES = 1024; // S3's limit; the local folder keeps the same rule

/**
 * The key rules every backend enforces, so a key that works locally works on S3 and cannot
 * escape the local folder: a relative `/`-separated path of non-empty segments, no `.` or `..`
 * segment, no backslash, no control characters (NUL included), at most 1024 UTF-8 bytes.
 */
export function validateObjectKey(key: string): string {
  const problem = keyProblem(key);
  if (problem) throw new ObjectStoreError('INVALID_KEY', `Invalid object key ${JSON.stringify(key)}: ${problem}`);
  return key;
}

/** A list prefix follows the same rules, except that it may be empty or end with `/`. */
export function validateListPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const problem = keyProblem(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  if (problem) throw new ObjectStoreError('INVALID_KEY', `Invalid list prefix ${JSON.stringify(prefix)}: ${problem}`);
  return prefix;
}

function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'it is empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'it contains a control character';
  if (key.includes('\\')) return 'it contains a backslash';
  if (key.startsWith('/')) return 'it is an absolute path';
  if (/^[a-zA-Z]:/.test(key)) return 'it starts with a drive letter';
  const segments = key.split('/');
  if (segments.some((s) => s === '')) return 'it has an empty segment (leading, trailing or double "/")';
  // A prefix's last segment may be partial (`models/bp`), but never `.` or `..`.
  if (segments.some((s) => s === '.' || s === '..')) return 'it has a "." or ".." segment';
  return undefined;
}
