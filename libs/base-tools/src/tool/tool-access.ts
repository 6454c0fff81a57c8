import type { Caller } from './tool-context';
import { ToolError } from './tool-error';

/**
 * Who may call a tool at all, checked by the registry before the input is read, so the rule is
 * the same at every door (HTTP routes, /api/tools, MCP, the agent):
 * - `public`: anyone, anonymous callers included (the catalogue);
 * - `authenticated`: a customer token or a staff key;
 * - `staff`: a service or admin key (shop-wide data such as segment sizes);
 * - `admin`: an admin key.
 * Which customer's data a caller may read is the second rule, checked by the tool with
 * `canReadCustomer` on its input.
 */
export type ToolAccess = 'public' | 'authenticated' | 'staff' | 'admin';

/** True when `caller` may call a tool with this access; a tool that declares none is public. */
export function mayCall(access: ToolAccess | undefined, caller: Caller): boolean {
  switch (access ?? 'public') {
    case 'public':
      return true;
    case 'authenticated':
      return caller.kind !== 'anonymous';
    case 'staff':
      return caller.kind === 'service' || caller.kind === 'admin';
    case 'admin':
      return caller.kind === 'admin';
  }
}

const NEEDS: Record<ToolAccess, string> = {
  public: 'nothing',
  authenticated: 'an API key or a customer token',
  staff: 'a service or admin key',
  admin: 'an admin key',
};

/** The FORBIDDEN error for a caller the tool's access rule leaves out, else undefined. */
export function accessRefusal(tool: { name: string; access?: ToolAccess }, caller: Caller): ToolError | undefined {
  if (mayCall(tool.access, caller)) return undefined;
  return ToolError.forbidden(`Tool ${tool.name} needs ${NEEDS[tool.access ?? 'public']}`);
}
