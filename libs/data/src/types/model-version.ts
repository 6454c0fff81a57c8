export interface ModelVersion {
  id: number;
  name: string;
  version: string;
  metrics: Record<string, number>;
  /** Where the model's files live in the object store. */
  objectKey: string;
  active: boolean;
  createdAt: Date;
}

export type NewModelVersion = Pick<ModelVersion, 'name' | 'version' | 'metrics' | 'objectKey'>;
