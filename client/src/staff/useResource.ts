// Loading data for a page, and running an action from a form: each as plain state a page renders.
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export type Resource<T> = { readonly status: 'loading' } | { readonly status: 'ready'; readonly data: T } | { readonly status: 'error'; readonly error: unknown };

export interface ResourceHandle<T> {
  readonly state: Resource<T>;
  /** Loads again; the current data stays on screen until the new data arrives. */
  reload(): void;
  /** Replaces the data with what an action returned, without a round trip. */
  update(change: (data: T) => T): void;
}

export function useResource<T>(load: () => Promise<T>, deps: DependencyList): ResourceHandle<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
    // `deps` names what `load` reads: a new `load` closure alone does not mean new data.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const update = useCallback((change: (data: T) => T) => setState((s) => (s.status === 'ready' ? { status: 'ready', data: change(s.data) } : s)), []);
  return { state, reload, update };
}

export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export interface Action<A extends unknown[], R> {
  /** Runs the action; never rejects. A failure is also kept in `error` for the page to show. */
  run(...args: A): Promise<Outcome<R>>;
  readonly pending: boolean;
  readonly error: unknown;
  clearError(): void;
}

/** One async action at a time, with its pending flag and its last error. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(action);
  latest.current = action;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (...args: A): Promise<Outcome<R>> => {
    setPending(true);
    setError(null);
    try {
      return { ok: true, value: await latest.current(...args) };
    } catch (err) {
      if (mounted.current) setError(err);
      return { ok: false, error: err };
    } finally {
      if (mounted.current) setPending(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}
