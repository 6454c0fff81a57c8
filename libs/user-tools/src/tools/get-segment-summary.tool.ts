import { z } from 'zod';
import { defineTool, SEGMENT_NAMES, SegmentSummarySchema } from '@reco/base-tools';
import { describeSegment } from '../segments/rfm-segmenter';
import type { SegmentationService } from '../segments/segmentation-service';

export const GetSegmentSummaryInput = z.object({});

export function getSegmentSummaryTool(segmentation: SegmentationService) {
  return defineTool({
    name: 'get_segment_summary',
    title: 'Customer segments overview',
    description: 'Every customer segment and behavioural cluster with its size, share, revenue share and typical basket, for the dashboard.',
    // Shop-wide figures: staff keys only, at every door (HTTP route, /api/tools, MCP, the agent).
    access: 'staff',
    // A read: a segmentation run it may set off derives stored figures from the orders; it changes none.
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetSegmentSummaryInput,
    output: SegmentSummarySchema,
    timeoutMs: 30_000,
    execute: async () => {
      const run = await segmentation.ensureCurrent();
      if (!run) return emptySummary();
      return run.summary;
    },
  });
}

/** An empty shop: no orders, so no run; every segment with zero customers. */
function emptySummary(): z.input<typeof SegmentSummarySchema> {
  const epoch = new Date(0).toISOString();
  const none = { customers: 0, share: 0, revenue: 0, revenueShare: 0, typicalBasket: 0 };
  return {
    computedAt: epoch,
    referenceDate: epoch,
    customers: 0,
    segments: SEGMENT_NAMES.map((segment) => ({ segment, description: describeSegment(segment), ...none })),
    clusters: [],
  };
}
