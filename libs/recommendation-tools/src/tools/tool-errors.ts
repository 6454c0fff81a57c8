import { ToolError } from '@reco/base-tools';
import { UnknownProductError } from '../service/recommendation-service';

/** Service errors as tool error codes; anything else stays a TOOL_FAILED. */
export function toToolError(err: unknown): unknown {
  if (err instanceof UnknownProductError) return ToolError.notFound('Product', err.productId);
  return err;
}
