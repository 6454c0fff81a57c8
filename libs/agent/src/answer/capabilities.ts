/** What the assistant can do, said plainly with an example, for a message it cannot handle. */
export const CAPABILITIES =
  'I can help in English with: finding products ("red lanterns under £5"), picks chosen for you ("what should I buy next?"), ' +
  'things similar to or often bought with a product, your last order, what kind of offers you get, and what is popular in a country.';

/** The answer to a message in another language, emoji only, or otherwise not understood. */
export const UNSUPPORTED_ANSWER = `Sorry, I couldn't understand that message. ${CAPABILITIES} For example, try "a teapot under £10".`;

/** Delivery status is not something the shop's tools can see: said honestly, never guessed. */
export const SHIPPING_ANSWER = "I can't see delivery or tracking status, so I can't tell you where an order is; the shop's customer service can.";

/** After the last order's products in a shipping answer: what the assistant can do with them. */
export const SHIPPING_OFFER = 'I can find more like any of them, or things often bought with them.';
