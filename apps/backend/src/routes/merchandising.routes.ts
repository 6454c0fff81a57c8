import type { Request, Response } from 'express';
import { z } from 'zod';
import { fieldIssues } from '@reco/base-tools';
import { MerchandisingConflictError } from '@reco/data';
import { MerchandisingNotFoundError } from '@reco/recommendation-tools';
import {
  adminCreateExperiment,
  adminCreateRule,
  adminDeleteExperiment,
  adminDeleteRule,
  adminExperimentReport,
  adminGetExperiment,
  adminGetPlacement,
  adminGetRule,
  adminListExperiments,
  adminListPlacements,
  adminListRules,
  adminMerchandisingChanges,
  adminPutPlacement,
  adminReplaceExperiment,
  adminReplaceRule,
} from '../contracts/merchandising.contracts';
import type { ApiRoutes } from '../http/api-routes';
import { HttpError } from '../http/http-error';
import { callerOf } from '../http/request-context';
import { mount } from '../http/typed-handler';
import type { AppServices } from '../services/app-services';
import type { MerchandisingAdminService } from '../services/merchandising-service';

/**
 * The merchandising admin API: rules, placements, experiments and the audit, through the
 * recommender's MerchandisingAdmin (which validates, stores, audits and tells every instance).
 * Staff keys only (the contracts say so); the key's name is recorded as who made each change.
 */
export function merchandisingRoutes(router: ApiRoutes, services: AppServices): void {
  const admin = async (): Promise<MerchandisingAdminService> => {
    const found = await services.merchandising();
    if (!found) throw HttpError.unavailable('Merchandising is not available on this server');
    return found;
  };
  const call = <T>(run: (admin: MerchandisingAdminService) => Promise<T>): Promise<T> => admin().then(run).catch(rethrowAsHttp);

  mount(router, adminListRules, async () => ({ items: await call((a) => a.listRules()) }));
  mount(router, adminGetRule, ({ params }) => call((a) => a.getRule(params.id)));
  mount(router, adminCreateRule, async ({ body, req, res }) => created(res, '/api/admin/rules', await call((a) => a.createRule(body, who(req)))));
  mount(router, adminReplaceRule, ({ params, body, req }) => call((a) => a.replaceRule(params.id, body, who(req))));
  mount(router, adminDeleteRule, ({ params, req, res }) => noContent(res, call((a) => a.deleteRule(params.id, who(req)))));

  mount(router, adminListPlacements, async () => ({ items: await call((a) => a.listPlacements()) }));
  mount(router, adminGetPlacement, ({ params }) => call((a) => a.getPlacement(params.name)));
  mount(router, adminPutPlacement, async ({ params, body, req, res }) => {
    const { placement, created: isNew } = await call((a) => a.putPlacement(params.name, body, who(req)));
    if (isNew) res.status(201).setHeader('Location', `/api/admin/placements/${encodeURIComponent(placement.name)}`);
    return placement;
  });

  mount(router, adminListExperiments, async () => ({ items: await call((a) => a.listExperiments()) }));
  mount(router, adminGetExperiment, ({ params }) => call((a) => a.getExperiment(params.id)));
  mount(router, adminCreateExperiment, async ({ body, req, res }) => created(res, '/api/admin/experiments', await call((a) => a.createExperiment(body, who(req)))));
  mount(router, adminReplaceExperiment, ({ params, body, req }) => call((a) => a.replaceExperiment(params.id, body, who(req))));
  mount(router, adminDeleteExperiment, ({ params, req, res }) => noContent(res, call((a) => a.deleteExperiment(params.id, who(req)))));
  mount(router, adminExperimentReport, async ({ params }) => {
    const experiment = await call((a) => a.getExperiment(params.id));
    const reports = await services.experimentReports();
    if (!reports) throw HttpError.unavailable('Experiment reports are not available on this server');
    return reports.report(experiment).catch(rethrowAsHttp);
  });

  mount(router, adminMerchandisingChanges, async ({ query }) => ({ items: await call((a) => a.audit(query)) }));
}

/** Who made a change: the API key's name (staff only reach these routes). */
function who(req: Request): string {
  const caller = callerOf(req);
  return caller.kind === 'admin' || caller.kind === 'service' ? caller.keyId : caller.kind === 'customer' ? `customer:${caller.customerId}` : 'anonymous';
}

function created<T extends { id: string }>(res: Response, collection: string, value: T): T {
  res.status(201).setHeader('Location', `${collection}/${encodeURIComponent(value.id)}`);
  return value;
}

/** 204 once `removal` is done (it throws for an unknown id). */
async function noContent(res: Response, removal: Promise<void>): Promise<undefined> {
  await removal;
  res.status(204).end();
  return undefined;
}

/**
 * The admin's own refusals as HTTP: an unknown id 404, an id taken or a running experiment's set-up
 * (ExperimentRunningError is a conflict) 409, a body its schemas refuse 400 naming the field. Anything else (a database outage) goes to
 * the error handler, which answers 503 for a dependency that cannot be reached.
 */
function rethrowAsHttp(err: unknown): never {
  if (err instanceof MerchandisingNotFoundError) throw HttpError.notFound(err.message);
  if (err instanceof MerchandisingConflictError) throw HttpError.conflict(err.message);
  if (err instanceof z.ZodError) throw HttpError.badRequest(fieldIssues(err).map((issue) => ({ ...issue, in: 'body' })));
  throw err;
}
