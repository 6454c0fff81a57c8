import { MerchandisingConflictError, type MerchandisingKind } from '@reco/data';

// What MerchandisingAdmin refuses with, beside ZodErrors for bad bodies (HTTP 400). The conflicts
// extend the data layer's MerchandisingConflictError, which the backend answers with 409.

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

/**
 * An experiment that has run (running or stopped) keeps its set-up: only its name and state
 * change, and it never goes back to draft; a running one cannot be deleted (HTTP 409). Its logged
 * exposures belong to its arms as they were.
 */
export class ExperimentRunningError extends MerchandisingConflictError {
  constructor(id: string, change: 'change' | 'delete', state: 'running' | 'stopped' = 'running') {
    super('experiment', id);
    this.message =
      change === 'change'
        ? `experiment ${JSON.stringify(id)} ${state === 'running' ? 'is running' : 'has run'}: its set-up (arms, weights, configurations, placement, control, purchase window, minimum detectable lift) cannot change, only its name and state (and it cannot go back to draft), as its exposures belong to the set-up it ran with; create a new experiment to test another set-up`
        : `experiment ${JSON.stringify(id)} is running: stop it before deleting it`;
    this.name = 'ExperimentRunningError';
  }
}

/** A rule a running experiment's arm names cannot change or go while it runs (HTTP 409). */
export class RuleInRunningExperimentError extends MerchandisingConflictError {
  constructor(
    id: string,
    readonly experiment: { id: string; name: string; arm: string },
    change: 'change' | 'delete',
  ) {
    super('rule', id);
    this.message = `rule ${JSON.stringify(id)} is part of arm ${JSON.stringify(experiment.arm)} of running experiment ${JSON.stringify(experiment.name)} (${experiment.id}): it cannot ${change === 'change' ? 'change' : 'be deleted'} while the experiment runs; stop the experiment first, or create a new rule and a new experiment`;
    this.name = 'RuleInRunningExperimentError';
  }
}
