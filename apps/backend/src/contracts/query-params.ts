import { z } from 'zod';

/** Query strings arrive as text: this coerces and bounds a whole number (routes that are no tool call). */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
