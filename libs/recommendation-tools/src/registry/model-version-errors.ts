/**
 * The model has no such version: `versionId` is a version's database id (the admin route's
 * activate, answered 404) or its version name (an experiment arm's `modelVersion`).
 */
export class UnknownModelVersionError extends Error {
  constructor(
    readonly modelName: string,
    readonly versionId: number | string,
  ) {
    super(typeof versionId === 'number' ? `model ${modelName} has no version with id ${versionId}` : `model ${modelName} has no version ${JSON.stringify(versionId)}`);
    this.name = 'UnknownModelVersionError';
  }
}
