// Every input is parsed with its zod schema before a route uses it; a failure is a 400.
import type { Request } from 'express';
import type { z } from 'zod';
import { ServiceError } from '../../cases/errors.ts';
import { badRequest } from './errors.ts';

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(result.error);
  const nul = nulPath(result.data, []);
  if (nul) throw new ServiceError('BAD_REQUEST', 'text may not contain NUL characters', { fields: { [nul]: 'contains a NUL character' } });
  return result.data;
}

/**
 * The path of the first string holding a NUL character, or null. PostgreSQL cannot store NUL in
 * text, so one would otherwise fail deep in a write as an internal error (found by fuzzing).
 */
function nulPath(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(body)' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulPath(inner, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

export const body = <S extends z.ZodType>(req: Request, schema: S): z.output<S> => parse(schema, req.body ?? {});
export const params = <S extends z.ZodType>(req: Request, schema: S): z.output<S> => parse(schema, req.params);
export const query = <S extends z.ZodType>(req: Request, schema: S): z.output<S> => parse(schema, { ...req.query });
