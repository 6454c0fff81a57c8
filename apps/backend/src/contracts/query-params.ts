import { z } from 'zod';

/** Query strings arrive as text: these coerce and bound them. */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const queryNumber = () => z.coerce.number().min(0).max(1_000_000);
export const queryBoolean = () => z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A response whose shape is the tool's output (documented from the tool's own schema). */
export const ToolData = z.record(z.string(), z.unknown());
