import type { MerchandisingKind, MerchandisingObject } from '@reco/data';
import { isBuiltInPlacement } from './built-in-placements';
import { ExperimentInputSchema, PlacementConfigSchema, PlacementNameSchema, RuleInputSchema, type Experiment, type Placement, type Rule } from './merchandising-schemas';

// Stored bodies are parsed with the schemas again on every read: a body written by an older
// version (or by hand) that no longer parses is skipped with a log, never served half-read.

export interface MerchandisingLogger {
  warn(obj: object, msg?: string): void;
}

export interface MerchandisingObjects {
  rules: Rule[];
  placements: Placement[];
  experiments: Experiment[];
}

/** Throws a ZodError when the body does not parse. */
export function ruleFromStored(object: MerchandisingObject): Rule {
  return { ...RuleInputSchema.parse(object.body), id: object.id };
}

export function placementFromStored(object: MerchandisingObject): Placement {
  const name = PlacementNameSchema.parse(object.id);
  return { ...PlacementConfigSchema.parse(object.body), name, builtIn: isBuiltInPlacement(name) };
}

export function experimentFromStored(object: MerchandisingObject): Experiment {
  return { ...ExperimentInputSchema.parse(object.body), id: object.id };
}

/** The objects that parse; each that does not is logged and left out. */
export function parseStored<T>(kind: MerchandisingKind, objects: readonly MerchandisingObject[], parse: (object: MerchandisingObject) => T, logger: MerchandisingLogger): T[] {
  const parsed: T[] = [];
  for (const object of objects) {
    try {
      parsed.push(parse(object));
    } catch (err) {
      logger.warn({ err, kind, id: object.id }, `stored ${kind} ${JSON.stringify(object.id)} does not parse; skipped`);
    }
  }
  return parsed;
}
