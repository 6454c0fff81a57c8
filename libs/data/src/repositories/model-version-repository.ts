import type { ModelVersion, NewModelVersion } from '../types/model-version';

/** The registry of trained models: at most one active version per model name. */
export interface ModelVersionRepository {
  /** Registers a version, inactive. Fails if the name and version exist. */
  create(version: NewModelVersion): Promise<ModelVersion>;
  /** Makes this version the only active one of its name, atomically. */
  activate(name: string, version: string): Promise<ModelVersion>;
  getActive(name: string): Promise<ModelVersion | null>;
  /** Versions of a model, newest first. */
  list(name: string): Promise<ModelVersion[]>;
}
