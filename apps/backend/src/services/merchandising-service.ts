import type { DatabaseHandle, MerchandisingKind, MerchandisingObject } from '@reco/data';
import { MerchandisingNotFoundError, type Experiment, type MerchandisingAdmin, type Placement, type Rule } from '@reco/recommendation-tools';

/** Who made and last changed a stored object, and when: what the admin API answers beside the object. */
export interface StoredFields {
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

export type Stored<T> = T & StoredFields;
/** A built-in placement never written has no stored fields. */
export type PlacementView = Placement & Partial<StoredFields>;

/**
 * The merchandising admin as the routes use it: MerchandisingAdmin's validated, audited writes,
 * each object answered with its stored fields (who and when) read from the database.
 */
export interface MerchandisingAdminService {
  listRules(): Promise<Stored<Rule>[]>;
  getRule(id: string): Promise<Stored<Rule>>;
  createRule(input: unknown, actor: string): Promise<Stored<Rule>>;
  replaceRule(id: string, input: unknown, actor: string): Promise<Stored<Rule>>;
  deleteRule(id: string, actor: string): Promise<void>;
  listPlacements(): Promise<PlacementView[]>;
  getPlacement(name: string): Promise<PlacementView>;
  /** `created`: the name was neither built in nor stored before. */
  putPlacement(name: string, config: unknown, actor: string): Promise<{ placement: PlacementView; created: boolean }>;
  listExperiments(): Promise<Stored<Experiment>[]>;
  getExperiment(id: string): Promise<Stored<Experiment>>;
  createExperiment(input: unknown, actor: string): Promise<Stored<Experiment>>;
  replaceExperiment(id: string, input: unknown, actor: string): Promise<Stored<Experiment>>;
  deleteExperiment(id: string, actor: string): Promise<void>;
  audit: MerchandisingAdmin['audit'];
}

type AdminPart = Pick<MerchandisingAdmin, keyof MerchandisingAdminService>;

/** `admin` with each answer's stored fields joined from `database` (one more indexed read per answer). */
export function merchandisingAdminService(admin: AdminPart, database: DatabaseHandle): MerchandisingAdminService {
  const objects = async () => (await database.get()).merchandising;
  const fieldsOf = (object: MerchandisingObject | undefined): Partial<StoredFields> =>
    object ? { createdAt: object.createdAt, createdBy: object.createdBy, updatedAt: object.updatedAt, updatedBy: object.updatedBy } : {};
  const one = async <T>(kind: MerchandisingKind, id: string, value: T): Promise<Stored<T>> => {
    const object = await (await objects()).get(kind, id);
    // Deleted between the write and this read: the object as written is still the answer.
    return { ...value, ...fieldsOf(object) } as Stored<T>;
  };
  const all = async <T>(kind: MerchandisingKind, values: T[], idOf: (value: T) => string): Promise<(T & Partial<StoredFields>)[]> => {
    const byId = new Map((await (await objects()).list(kind)).map((object) => [object.id, object]));
    return values.map((value) => ({ ...value, ...fieldsOf(byId.get(idOf(value))) }));
  };
  const byId = (value: { id: string }) => value.id;
  return {
    listRules: async () => (await all('rule', await admin.listRules(), byId)) as Stored<Rule>[],
    getRule: async (id) => one('rule', id, await admin.getRule(id)),
    createRule: async (input, actor) => {
      const rule = await admin.createRule(input, actor);
      return one('rule', rule.id, rule);
    },
    replaceRule: async (id, input, actor) => one('rule', id, await admin.replaceRule(id, input, actor)),
    deleteRule: (id, actor) => admin.deleteRule(id, actor),
    listPlacements: async () => all('placement', await admin.listPlacements(), (p) => p.name),
    getPlacement: async (name) => {
      const placement = await admin.getPlacement(name);
      return { ...placement, ...fieldsOf(await (await objects()).get('placement', name)) };
    },
    putPlacement: async (name, config, actor) => {
      const known = await admin.getPlacement(name).then(
        () => true,
        (err: unknown) => {
          if (err instanceof MerchandisingNotFoundError) return false;
          throw err;
        },
      );
      const placement = await admin.putPlacement(name, config, actor);
      return { placement: await one('placement', name, placement), created: !known };
    },
    listExperiments: async () => (await all('experiment', await admin.listExperiments(), byId)) as Stored<Experiment>[],
    getExperiment: async (id) => one('experiment', id, await admin.getExperiment(id)),
    createExperiment: async (input, actor) => {
      const experiment = await admin.createExperiment(input, actor);
      return one('experiment', experiment.id, experiment);
    },
    replaceExperiment: async (id, input, actor) => one('experiment', id, await admin.replaceExperiment(id, input, actor)),
    deleteExperiment: (id, actor) => admin.deleteExperiment(id, actor),
    audit: (query) => admin.audit(query),
  };
}
