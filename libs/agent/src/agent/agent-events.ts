import type { ToolErrorBody } from '@reco/base-tools';
import type { PlannedCall } from '../planner/planner';
import type { ChatResult } from './chat-result';

/** What `chatStream` yields, in order, for the HTTP layer to forward as server-sent events. */
export type AgentEvent =
  | { type: 'plan'; step: number; planner: 'rules' | 'llm'; calls: PlannedCall[] }
  | { type: 'tool_start'; id: string; name: string; args: Record<string, unknown> }
  | { type: 'tool_end'; id: string; name: string; ok: boolean; ms: number; error?: ToolErrorBody }
  /** The LLM planner failed this turn; the rule planner answers it. */
  | { type: 'fallback'; from: 'llm'; to: 'rules'; reason: string }
  | { type: 'answer'; result: ChatResult };
