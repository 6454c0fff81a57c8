import type { DataClient } from '../database/data-client';
import type { ModelVersion, NewModelVersion } from '../types/model-version';
import type { ModelVersionRepository } from './model-version-repository';

type Row = Omit<ModelVersion, 'metrics'> & { metrics: string };

function toModelVersion(row: Row): ModelVersion {
  return { ...row, metrics: JSON.parse(row.metrics) as Record<string, number> };
}

export class PrismaModelVersionRepository implements ModelVersionRepository {
  constructor(private readonly client: DataClient) {}

  async create(version: NewModelVersion): Promise<ModelVersion> {
    const row = await this.client.modelVersion.create({
      data: { ...version, metrics: JSON.stringify(version.metrics), active: false, createdAt: new Date() },
    });
    return toModelVersion(row);
  }

  async activate(name: string, version: string): Promise<ModelVersion> {
    const row = await this.client.$transaction(async (tx) => {
      const target = await tx.modelVersion.findUnique({ where: { name_version: { name, version } } });
      if (!target) throw new Error(`model ${name} has no version ${version}`);
      await tx.modelVersion.updateMany({ where: { name, active: true, NOT: { id: target.id } }, data: { active: false } });
      return tx.modelVersion.update({ where: { id: target.id }, data: { active: true } });
    });
    return toModelVersion(row);
  }

  async getActive(name: string): Promise<ModelVersion | null> {
    const row = await this.client.modelVersion.findFirst({ where: { name, active: true } });
    return row ? toModelVersion(row) : null;
  }

  async list(name: string): Promise<ModelVersion[]> {
    const rows = await this.client.modelVersion.findMany({ where: { name }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return rows.map(toModelVersion);
  }
}
