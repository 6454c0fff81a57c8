import { ToolError } from '@reco/base-tools';
import { PlacementInputError, UnknownPlacementError } from '../placements/placement-errors';
import { UnknownProductError } from '../service/recommendation-service';

/** Service errors as tool error codes; anything else stays a TOOL_FAILED. */
export function toToolError(err: unknown): unknown {
  if (err instanceof UnknownProductError) return ToolError.notFound('Product', err.productId);
  if (err instanceof UnknownPlacementError) return ToolError.notFound('Placement', err.placement);
  if (err instanceof PlacementInputError) return ToolError.badInput([{ field: err.field, message: err.reason }]);
  return err;
}
