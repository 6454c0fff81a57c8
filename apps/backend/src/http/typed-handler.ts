import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { fieldIssues, type FieldIssue } from '@reco/base-tools';
import { HttpError } from './http-error';
import type { RouteContract } from './route-contract';

export interface ParsedRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

type Out<T> = NonNullable<T> extends z.ZodType ? z.output<NonNullable<T>> : undefined;

/**
 * Mounts `handler` on `router` for `contract`: parses params, query and body with the contract's
 * schemas (one 400 naming every bad field of all three), then answers the handler's value as JSON.
 * A handler that answers by itself (a stream) returns undefined after writing.
 */
export function mount<C extends RouteContract>(
  router: Router,
  contract: C,
  handler: (input: ParsedRequest<Out<C['params']>, Out<C['query']>, Out<C['body']>>) => Promise<unknown>,
  ...before: RequestHandler[]
): void {
  router[contract.method](contract.path, ...before, async (req: Request, res: Response) => {
    const issues: (FieldIssue & { in: string })[] = [];
    const parse = (schema: z.ZodType | undefined, value: unknown, where: string): unknown => {
      if (!schema) return undefined;
      const parsed = schema.safeParse(value ?? {});
      if (parsed.success) return parsed.data;
      issues.push(...fieldIssues(parsed.error).map((i) => ({ ...i, in: where })));
      return undefined;
    };
    const params = parse(contract.params, req.params, 'path');
    const query = parse(contract.query, req.query, 'query');
    const body = parse(contract.body, req.body, 'body');
    if (issues.length > 0) throw HttpError.badRequest(issues);
    const result = await handler({ params, query, body, req, res } as ParsedRequest<Out<C['params']>, Out<C['query']>, Out<C['body']>>);
    if (result !== undefined && !res.headersSent) res.json(result);
  });
}
