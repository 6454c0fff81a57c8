import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { MerchandisingConflictError, type Database, type DatabaseHandle, type MerchandisingChange, type MerchandisingKind } from '@reco/data';
import { allPlacements, isBuiltInPlacement, placementNamed } from './built-in-placements';
import { ExperimentInputSchema, PlacementConfigSchema, PlacementNameSchema, RuleInputSchema, type Experiment, type Placement, type Rule } from './merchandising-schemas';
import type { MerchandisingStore } from './merchandising-store';
import { byRuleOrder } from './rule-matching';
import { experimentFromStored, parseStored, placementFromStored, ruleFromStored, type MerchandisingLogger } from './stored-objects';

/** No rule, placement or experiment of that id (HTTP 404). */
export class MerchandisingNotFoundError extends Error {
  constructor(
    readonly kind: MerchandisingKind,
    readonly id: string,
  ) {
    super(`no ${kind} with id ${JSON.stringify(id)}`);
    this.name = 'MerchandisingNotFoundError';
  }
}

/** A running experiment's set-up cannot change, only its state (and name); nor can it be deleted (HTTP 409). */
export class ExperimentRunningError extends MerchandisingConflictError {
  constructor(id: string, change: 'change' | 'delete') {
    super('experiment', id);
    this.message =
      change === 'change'
        ? `experiment ${JSON.stringify(id)} is running: only its state and name can change (stop it first to change its arms, placement or settings)`
        : `experiment ${JSON.stringify(id)} is running: stop it before deleting it`;
    this.name = 'ExperimentRunningError';
  }
}

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

  /** Replaces an existing rule; MerchandisingNotFoundError when there is none. */
  async replaceRule(id: string, input: unknown, actor: string): Promise<Rule> {
    const rule = RuleInputSchema.parse(input);
    const written = await (await this.db()).merchandising.put('rule', id, stored(rule), actor, { mustExist: true });
    if (!written) throw new MerchandisingNotFoundError('rule', id);
    this.deps.store.changed();
    return { ...rule, id };
  }

  /** Placements and experiment arms naming it keep the id; a missing rule applies nowhere. */
  async deleteRule(id: string, actor: string): Promise<void> {
    if (!(await (await this.db()).merchandising.remove('rule', id, actor))) throw new MerchandisingNotFoundError('rule', id);
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
    const db = await this.db();
    if (parsed.rules) await this.requireRules(db, parsed.rules, ['rules']);
    await db.merchandising.put('placement', name, stored(parsed), actor);
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
    await this.requireArmRules(db, experiment);
    await this.requireArmModelVersions(db, experiment);
    const id = newId('exp');
    await db.merchandising.put('experiment', id, stored(experiment), actor, { mustBeNew: true });
    this.deps.store.changed();
    return { ...experiment, id };
  }

  /**
   * Replaces an experiment. While it runs only its state and name may change (ExperimentRunningError
   * otherwise): exposures already logged belong to its arms as they are. One set running must
   * name stored model versions only (stopping is always allowed).
   */
  async replaceExperiment(id: string, input: unknown, actor: string): Promise<Experiment> {
    const experiment = ExperimentInputSchema.parse(input);
    const db = await this.db();
    const current = await this.runningExperiment(db, id);
    if (current && !isDeepStrictEqual(setUp(current), setUp(experiment))) throw new ExperimentRunningError(id, 'change');
    await this.requireArmRules(db, experiment);
    if (experiment.state === 'running') await this.requireArmModelVersions(db, experiment);
    const written = await db.merchandising.put('experiment', id, stored(experiment), actor, { mustExist: true });
    if (!written) throw new MerchandisingNotFoundError('experiment', id);
    this.deps.store.changed();
    return { ...experiment, id };
  }

  async deleteExperiment(id: string, actor: string): Promise<void> {
    const db = await this.db();
    if (await this.runningExperiment(db, id)) throw new ExperimentRunningError(id, 'delete');
    if (!(await db.merchandising.remove('experiment', id, actor))) throw new MerchandisingNotFoundError('experiment', id);
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

  /** The stored experiment when it is running (one that no longer parses is not). */
  private async runningExperiment(db: Database, id: string): Promise<Experiment | undefined> {
    const object = await db.merchandising.get('experiment', id);
    if (!object) return undefined;
    const [experiment] = parseStored('experiment', [object], experimentFromStored, this.logger);
    return experiment?.state === 'running' ? experiment : undefined;
  }

  private async requireArmRules(db: Database, experiment: Experiment | Omit<Experiment, 'id'>): Promise<void> {
    for (const [at, arm] of experiment.arms.entries()) if (arm.config.rules) await this.requireRules(db, arm.config.rules, ['arms', at, 'config', 'rules']);
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

  /** A rule list names only rules that exist (ZodError at the first that does not). */
  private async requireRules(db: Database, ids: readonly string[], path: (string | number)[]): Promise<void> {
    if (ids.length === 0) return;
    const known = new Set((await db.merchandising.list('rule')).map((r) => r.id));
    const missing = ids.findIndex((id) => !known.has(id));
    if (missing >= 0) throw fieldError([...path, missing], `no rule with id ${JSON.stringify(ids[missing])}`);
  }
}

/** What a running experiment must keep: everything but its state and name. */
function setUp(experiment: Omit<Experiment, 'id'>): object {
  const { state: _state, name: _name, id: _id, ...rest } = experiment as Experiment;
  return rest;
}
