import { ProtocolError, ProtocolErrorCode, type GetPromptResult, type PromptMessage, type ServerContext } from '@modelcontextprotocol/server';
import { changesShopData } from '@reco/base-tools';
import { categoryKey } from '@reco/data';
import type { McpRequestScope } from './mcp-request-scope';
import { CATEGORIES_URI, CUSTOMER_PROFILE_TEMPLATE, customerResourceUri, RESOURCE_MIME_TYPE } from './mcp-resources-catalogue';
import { mayRead, readTool } from './mcp-resources-reads';

/** What a prompt reads with: the caller's scope and the request's context (its abort signal). */
export interface PromptReads {
  scope: McpRequestScope;
  ctx: ServerContext;
}

// The assistant's own tool is for outside callers: a model set up as the assistant never calls it.
const ASSISTANT_TOOL = 'ask_shopping_assistant';

/** How each tool helps a shopping assistant, for the tools the caller may call. */
const ASSISTANT_TOOL_USES: Record<string, string> = {
  search_products: 'find products by words, price range, category or tag',
  get_product: 'look up one product by its id (stock code)',
  get_products: 'look up several products by id',
  list_categories: "list the catalogue's categories",
  get_similar_products: 'products like a given one',
  get_frequently_bought_together: 'products bought with a given one',
  get_popular_products: 'best sellers, optionally in a country',
  get_recommendations: "personal picks for a customer (their id as userId)",
  get_purchase_history: "a customer's past orders",
};

export async function shoppingAssistantMessages(
  reads: PromptReads,
  args: { request: string; customerId?: string; category?: string },
): Promise<GetPromptResult> {
  const category = args.category === undefined ? undefined : await knownCategory(reads, args.category);
  const context = args.customerId === undefined ? [] : await customerContext(reads, args.customerId);
  const tools = reads.scope.registry
    .listFor(reads.scope.caller)
    // The assistant only reads, as the agent does: tools that change the shop are not offered.
    .filter((t) => t.name !== ASSISTANT_TOOL && !changesShopData(t))
    .map((t) => `- ${t.name}${ASSISTANT_TOOL_USES[t.name] ? `: ${ASSISTANT_TOOL_USES[t.name]}` : t.title ? `: ${t.title}` : ''}`);
  const lines = [
    "You are this online shop's shopping assistant. Help the shopper with the request below using the shop's Reco tools,",
    'and answer only from what they return: never invent products, prices or stock.',
    '',
    'Tools you can call:',
    ...tools,
    '',
    'Suggest at most five products, each with its id, title and price, and say in a few words why it fits.',
    ...(category ? [`Stay within the category "${category}": pass it as \`category\` to search_products.`] : []),
    ...(args.customerId === undefined
      ? []
      : [`The shopper is customer ${JSON.stringify(args.customerId)}: their profile and segment follow; use them to personalise.`]),
  ];
  return {
    description: 'Set up as the shop\'s shopping assistant',
    messages: [text(lines.join('\n')), ...context, text(`The shopper's request:\n${args.request}`)],
  };
}

export async function explainRecommendationsMessages(reads: PromptReads, args: { customerId: string; count: number }): Promise<GetPromptResult> {
  const { scope, ctx } = reads;
  const [profile, recommendations] = await Promise.all([
    readTool(scope, ctx, 'get_user_profile', { userId: args.customerId }),
    readTool(scope, ctx, 'get_recommendations', { userId: args.customerId, k: args.count }),
  ]);
  const instructions = [
    `Explain why each product below is recommended to customer ${JSON.stringify(args.customerId)}, in one or two sentences per product.`,
    "Start from the product's `reason`: bought-before (they bought it before), similar-to:<id> or bought-with:<id> (like, or",
    'often bought with, that product), popular (a best seller, not personal), model (the trained model learned it from their',
    'purchases and those of similar customers), then any merchandising rule (boosted:, buried: or pinned:<rule>).',
    'Tie it to what their profile shows (favourite products, countries, spend, returns) where it does, and say plainly when',
    'a reason is not personal. Use only the data given here; do not invent facts.',
  ];
  return {
    description: `Why customer ${args.customerId}'s recommendations were chosen`,
    messages: [
      text(instructions.join('\n')),
      resource(customerResourceUri(CUSTOMER_PROFILE_TEMPLATE, args.customerId), profile),
      text(`The recommendations (get_recommendations, k=${args.count}):\n${JSON.stringify(recommendations)}`),
    ],
  };
}

/** The customer's profile (their resource) and, when it can be had, their segment. */
async function customerContext(reads: PromptReads, customerId: string): Promise<PromptMessage[]> {
  const { scope, ctx } = reads;
  const profile = await readTool(scope, ctx, 'get_user_profile', { userId: customerId });
  const messages = [resource(customerResourceUri(CUSTOMER_PROFILE_TEMPLATE, customerId), profile)];
  if (mayRead(scope, 'get_user_segment')) {
    // Optional context: a customer who never bought has no segment, and the prompt is whole without it.
    const segment = await readTool(scope, ctx, 'get_user_segment', { userId: customerId }).catch(() => undefined);
    if (segment !== undefined) messages.push(text(`Their segment (get_user_segment):\n${JSON.stringify(segment)}`));
  }
  return messages;
}

/** The category as the catalogue spells it; one it does not have is -32602 (checked only where list_categories is served). */
async function knownCategory(reads: PromptReads, category: string): Promise<string> {
  if (!reads.scope.registry.has('list_categories')) return category;
  const { categories } = await readTool<{ categories: { name: string }[] }>(reads.scope, reads.ctx, 'list_categories', {});
  const key = categoryKey(category);
  const found = categories.find((c) => categoryKey(c.name) === key);
  if (!found) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown category: ${category} (see ${CATEGORIES_URI})`, { code: 'BAD_INPUT', argument: 'category' });
  return found.name;
}

function text(value: string): PromptMessage {
  return { role: 'user', content: { type: 'text', text: value } };
}

function resource(uri: string, data: unknown): PromptMessage {
  return { role: 'user', content: { type: 'resource', resource: { uri, mimeType: RESOURCE_MIME_TYPE, text: JSON.stringify(data) } } };
}
