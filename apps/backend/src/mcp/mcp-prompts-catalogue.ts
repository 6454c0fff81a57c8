import type { Prompt } from '@modelcontextprotocol/server';

/** A prompt and what it reads: listed to a caller who may call those tools (and read some customer, if it needs one). */
export interface RecoPrompt extends Prompt {
  reads: readonly string[];
  needsCustomer: boolean;
}

export const SHOPPING_ASSISTANT = 'shopping_assistant';
export const EXPLAIN_RECOMMENDATIONS = 'explain_recommendations';

export const MAX_REQUEST_CHARS = 2_000;
export const EXPLAIN_DEFAULT_COUNT = 5;
export const EXPLAIN_MAX_COUNT = 20;

/** By name: the order prompts/list shows them in. */
export const PROMPTS: readonly RecoPrompt[] = [
  {
    name: EXPLAIN_RECOMMENDATIONS,
    title: "Explain a customer's recommendations",
    description:
      "Reads a customer's recommendations and profile (with your rights: a customer token only its own) and asks the model " +
      'to explain why each product is recommended to them.',
    arguments: [
      { name: 'customerId', description: "The shop's customer id, e.g. 17850", required: true },
      { name: 'count', description: `Recommendations to explain, 1-${EXPLAIN_MAX_COUNT}; default ${EXPLAIN_DEFAULT_COUNT}`, required: false },
    ],
    reads: ['get_recommendations', 'get_user_profile'],
    needsCustomer: true,
  },
  {
    name: SHOPPING_ASSISTANT,
    title: 'Shopping assistant',
    description:
      "Sets the model up as this shop's shopping assistant, answering from Reco's tools; with a customer id, their profile " +
      'and segment as context.',
    arguments: [
      { name: 'request', description: `What the shopper wants, in their words (at most ${MAX_REQUEST_CHARS} characters)`, required: true },
      { name: 'customerId', description: "The shopper's customer id, for context from their profile and segment", required: false },
      { name: 'category', description: 'A catalogue category to shop within, e.g. "Home > Kitchen" (see reco://catalog/categories)', required: false },
    ],
    reads: [],
    needsCustomer: false,
  },
];

/** The prompt of this name, whether or not the caller may use it. */
export function promptNamed(name: string): RecoPrompt | undefined {
  return PROMPTS.find((p) => p.name === name);
}
