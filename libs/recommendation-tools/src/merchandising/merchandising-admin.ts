import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Database, DatabaseHandle, MerchandisingChange, MerchandisingKind, MerchandisingObject, MerchandisingPutOptions } from '@reco/data';
import { allPlacements, isBuiltInPlacement, placementNamed } from './built-in-placements';
import {
  DEFAULT_MINIMUM_DETECTABLE_LIFT,
  ExperimentInputSchema,
  PlacementConfigSchema,
  PlacementNameSchema,
  RuleInputSchema,
  type Experiment,
  type ExperimentInput,
  type Placement,
  type Rule,
} from './merchandising-schemas';
import { ExperimentRunningError, MerchandisingNotFoundError, RuleInRunningExperimentError } from './merchandising-errors';
import type { MerchandisingStore } from './merchandising-store';
import { byRuleOrder } from './rule-matching';
import { experimentFromStored, parseStored, placementFromStored, ruleFromStored, type MerchandisingLogger } from './stored-objects';

export { ExperimentRunningError, MerchandisingNotFoundError, RuleInRunningExperimentError };

export interface MerchandisingAdminDeps {
  database: DatabaseHandle;
  /** Told of every write (`changed`): this instance reads again, the others get a signal. */
  store: MerchandisingStore;
  logger?: MerchandisingLogger;
  /** The served model's name: an experiment arm's `modelVersion` must be one of its stored versions. Default `recommender`. */
  modelName?: string;
}

export interface AuditQuery {
  kind?: MerchandisingKind;
  objectId?: string;
  limit?: number;
}

const quietLogger: MerchandisingLogger = { warn: () => undefined };
const PlacementNameField = z.object({ name: PlacementNameSchema });

/** A server id: the prefix and 10 random hex digits. */
function newId(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** The body as the database keeps it: plain JSON (dates as ISO strings). */
function stored(body: object): unknown {
  return JSON.parse(JSON.stringify(body)) as unknown;
}

type MerchandisingCheck = NonNullable<MerchandisingPutOptions['check']>;
type CheckReader = Parameters<MerchandisingCheck>[1];

/** A ZodError naming the field, as a bad body gets (HTTP 400). */
function fieldError(path: (string | number)[], message: string): z.ZodError {
  return new z.ZodError([{ code: 'custom', path, message }]);
}

/**
 * What the admin API does with rules, placements and experiments: validates what is sent
 * (ZodError naming the field), writes it with who did it (the audit), and tells the store.
 * Reads go to the database, so an admin sees a change at once on any instance.
 */
export class MerchandisingAdmin {
  private readonly logger: MerchandisingLogger;

  constructor(private readonly deps: MerchandisingAdminDeps) {
    this.logger = deps.logger ?? quietLogger;
  }

  // Rules.

  async listRules(): Promise<Rule[]> {
    const db = await this.db();
    return parseStored('rule', await db.merchandising.list('rule'), ruleFromStored, this.logger).sort(byRuleOrder);
  }

  async getRule(id: string): Promise<Rule> {
    const object = await (await this.db()).merchandising.get('rule', id);
    if (!object) throw new MerchandisingNotFoundError('rule', id);
    return ruleFromStored(object);
  }

  /** Creates a rule under a new server id (`rule-…`). */
  async createRule(input: unknown, actor: string): Promise<Rule> {
    const rule = RuleInputSchema.parse(input);
    const id = newId('rule');
    await (await this.db()).merchandising.put('rule', id, stored(rule), actor, { mustBeNew: true });
    this.deps.store.changed();
    return { ...rule, id };
  }

  /**
   * Replaces an existing rule; MerchandisingNotFoundError when there is none,
   * RuleInRunningExperimentError when a running experiment's arm names it.
   */
  async replaceRule(id: string, input: unknown, actor: string): Promise<Rule> {
    const rule = RuleInputSchema.parse(input);
    const check = this.ruleNotInRunningExperiment(id, 'change');
    const written = await (await this.db()).merchandising.put('rule', id, stored(rule), actor, { mustExist: true, check });
    if (!written) throw new MerchandisingNotFoundError('rule', id);
    this.deps.store.changed();
    return { ...rule, id };
  }

  /**
   * Placements and stopped experiments naming it keep the id; a missing rule applies nowhere.
   * RuleInRunningExperimentError when a running experiment's arm names it.
   */
  async deleteRule(id: string, actor: string): Promise<void> {
    const check = this.ruleNotInRunningExperiment(id, 'delete');
    if (!(await (await this.db()).merchandising.remove('rule', id, actor, { check }))) throw new MerchandisingNotFoundError('rule', id);
    this.deps.store.changed();
  }

  // Placements.

  /** Built-in placements (as stored when overridden) and custom ones, by name. */
  async listPlacements(): Promise<Placement[]> {
    return [...allPlacements(await this.storedPlacements()).values()];
  }

  async getPlacement(name: string): Promise<Placement> {
    const object = await (await this.db()).merchandising.get('placement', name);
    const placement = object ? placementFromStored(object) : placementNamed(name);
    if (!placement) throw new MerchandisingNotFoundError('placement', name);
    return placement;
  }

  /** Configures a placement: a built-in one's name overrides it, another name makes a custom one. */
  async putPlacement(name: string, config: unknown, actor: string): Promise<Placement> {
    PlacementNameField.parse({ name });
    const parsed = PlacementConfigSchema.parse(config);
    const { rules } = parsed;
    const check: MerchandisingCheck = async (_existing, read) => {
      if (rules) await requireRules(read, rules, ['rules']);
    };
    await (await this.db()).merchandising.put('placement', name, stored(parsed), actor, { check });
    this.deps.store.changed();
    return { ...parsed, name, builtIn: isBuiltInPlacement(name) };
  }

  /** Removes a custom placement, or a built-in one's settings (it is built in again). */
  async deletePlacement(name: string, actor: string): Promise<void> {
    if (!(await (await this.db()).merchandising.remove('placement', name, actor))) throw new MerchandisingNotFoundError('placement', name);
    this.deps.store.changed();
  }

  // Experiments.

  async listExperiments(): Promise<Experiment[]> {
    const db = await this.db();
    return parseStored('experiment', await db.merchandising.list('experiment'), experimentFromStored, this.logger).sort(byRuleOrder);
  }

  async getExperiment(id: string): Promise<Experiment> {
    const object = await (await this.db()).merchandising.get('experiment', id);
    if (!object) throw new MerchandisingNotFoundError('experiment', id);
    return experimentFromStored(object);
  }

  /** Creates an experiment under a new server id (`exp-…`); arms must name existing rules and stored model versions. */
  async createExperiment(input: unknown, actor: string): Promise<Experiment> {
    const experiment = ExperimentInputSchema.parse(input);
    const db = await this.db();
    await this.requireArmModelVersions(db, experiment);
    const id = newId('exp');
    await db.merchandising.put('experiment', id, stored(experiment), actor, { mustBeNew: true, check: (_existing, read) => requireArmRules(read, experiment) });
    this.deps.store.changed();
    return { ...experiment, id };
  }

  /**
   * Replaces an experiment. Once it has left draft (running or stopped) only its name and state
   * may change, and not back to draft (ExperimentRunningError otherwise): exposures already logged
   * belong to its arms as they ran, so a stopped one runs again only as it was. One set running
   * must name stored model versions only (stopping is always allowed). The stored state is read
   * inside the write's transaction, so a concurrent start cannot slip between check and write.
   */
  async replaceExperiment(id: string, input: unknown, actor: string): Promise<Experiment> {
    const experiment = ExperimentInputSchema.parse(input);
    const db = await this.db();
    if (experiment.state === 'running') await this.requireArmModelVersions(db, experiment);
    const check: MerchandisingCheck = async (existing, read) => {
      const current = existing ? this.parsedExperiment(existing) : undefined;
      if (current && current.state !== 'draft' && (experiment.state === 'draft' || !sameSetUp(current, experiment))) {
        throw new ExperimentRunningError(id, 'change', current.state);
      }
      await requireArmRules(read, experiment);
    };
    const written = await db.merchandising.put('experiment', id, stored(experiment), actor, { mustExist: true, check });
    if (!written) throw new MerchandisingNotFoundError('experiment', id);
    this.deps.store.changed();
    return { ...experiment, id };
  }

  /** A running experiment cannot be deleted (ExperimentRunningError); a draft or stopped one can. */
  async deleteExperiment(id: string, actor: string): Promise<void> {
    const check: MerchandisingCheck = (existing) => {
      if (existing && this.parsedExperiment(existing)?.state === 'running') throw new ExperimentRunningError(id, 'delete');
    };
    if (!(await (await this.db()).merchandising.remove('experiment', id, actor, { check }))) throw new MerchandisingNotFoundError('experiment', id);
    this.deps.store.changed();
  }

  // The audit.

  /** Who changed what and when, newest first (default 100, at most 1,000). */
  async audit(query: AuditQuery = {}): Promise<MerchandisingChange[]> {
    return (await this.db()).merchandising.changes(query);
  }

  private async db(): Promise<Database> {
    return this.deps.database.get();
  }

  private async storedPlacements(): Promise<Placement[]> {
    return parseStored('placement', await (await this.db()).merchandising.list('placement'), placementFromStored, this.logger);
  }

  /** A stored experiment, parsed; one that no longer parses (logged) is treated as a draft. */
  private parsedExperiment(object: MerchandisingObject): Experiment | undefined {
    return parseStored('experiment', [object], experimentFromStored, this.logger)[0];
  }

  /** A write's check: no running experiment's arm names the rule (read under the write lock). */
  private ruleNotInRunningExperiment(id: string, change: 'change' | 'delete'): MerchandisingCheck {
    return async (_existing, read) => {
      for (const experiment of parseStored('experiment', await read.list('experiment'), experimentFromStored, this.logger)) {
        if (experiment.state !== 'running') continue;
        const arm = experiment.arms.find((a) => a.config.rules?.includes(id));
        if (arm) throw new RuleInRunningExperimentError(id, { id: experiment.id, name: experiment.name, arm: arm.name }, change);
      }
    };
  }

  /**
   * Each arm's `modelVersion` is a stored version of the served model (ZodError at the first arm
   * that names another): an arm serving the active model instead would measure the wrong thing.
   */
  private async requireArmModelVersions(db: Database, experiment: Experiment | Omit<Experiment, 'id'>): Promise<void> {
    const wanted = experiment.arms.map((arm) => arm.config.modelVersion);
    if (wanted.every((v) => v === undefined)) return;
    const modelName = this.deps.modelName ?? 'recommender';
    const stored = new Set((await db.modelVersions.list(modelName)).map((v) => v.version));
    const at = wanted.findIndex((v) => v !== undefined && !stored.has(v));
    if (at >= 0) throw fieldError(['arms', at, 'config', 'modelVersion'], `model ${modelName} has no version ${JSON.stringify(wanted[at])}`);
  }

}

/** A rule list names only rules that exist (ZodError at the first that does not). */
async function requireRules(read: CheckReader, ids: readonly string[], path: (string | number)[]): Promise<void> {
  if (ids.length === 0) return;
  const known = new Set((await read.list('rule')).map((r) => r.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw fieldError([...path, missing], `no rule with id ${JSON.stringify(ids[missing])}`);
}

async function requireArmRules(read: CheckReader, experiment: ExperimentInput): Promise<void> {
  for (const [at, arm] of experiment.arms.entries()) if (arm.config.rules) await requireRules(read, arm.config.rules, ['arms', at, 'config', 'rules']);
}

/**
 * Whether two experiments have one set-up: everything but state and name, compared as stored
 * (JSON, so an absent field equals an undefined one) with the default lift filled in.
 */
function sameSetUp(a: ExperimentInput, b: ExperimentInput): boolean {
  const setUp = ({ state: _state, name: _name, ...rest }: ExperimentInput & { id?: string }) => {
    const { id: _id, ...kept } = rest;
    return stored({ ...kept, minimumDetectableLift: kept.minimumDetectableLift ?? DEFAULT_MINIMUM_DETECTABLE_LIFT });
  };
  return isDeepStrictEqual(setUp(a), setUp(b));
}
