/** Name of the tool that exposes the agent itself (kept apart so the agent can leave it out). */
export const ASK_SHOPPING_ASSISTANT = 'ask_shopping_assistant';
