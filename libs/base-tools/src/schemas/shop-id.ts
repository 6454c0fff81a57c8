import { z } from 'zod';

// Control characters and lone surrogates: not printable, and NUL breaks PostgreSQL.
const NOT_PRINTABLE = /\p{Cc}|\p{Cs}/u;

/** Longest id a shop may give a product or a customer (the open format's limit). */
export const SHOP_ID_MAX_CHARS = 128;

/**
 * An id the shop gives (product, customer): 1-128 printable characters (not only spaces), kept
 * exactly as given (no trim, no case change), because the shop looks it up again by it.
 */
export function shopIdSchema() {
  return z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .refine((id) => [...id].length <= SHOP_ID_MAX_CHARS, `at most ${SHOP_ID_MAX_CHARS} characters`)
    .refine((id) => !NOT_PRINTABLE.test(id), 'printable characters only')
    .refine((id) => id.trim() !== '', 'not only spaces');
}
