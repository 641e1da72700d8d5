// Every input is parsed with its zod schema before a route uses it; a failure is a 400.
import type { Request } from 'express';
import type { z } from 'zod';
import { badRequest } from './errors.ts';

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(result.error);
  return result.data;
}

export const body = <S extends z.ZodType>(req: Request, schema: S): z.output<S> => parse(schema, req.body ?? {});
export const params = <S extends z.ZodType>(req: Request, schema: S): z.output<S> => parse(schema, req.params);
export const query = <S extends z.ZodType>(req: Request, schema: S): z.output<S> => parse(schema, { ...req.query });
