/** The subset of a pino logger this package uses. A pino `Logger` fits as it is. */
export interface DatabaseLogger {
  debug?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Used when the caller passes no logger: info is dropped, warnings and errors go to stderr. */
export const quietLogger: DatabaseLogger = {
  info() {},
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};

interface EngineLogLine {
  level?: string;
  fields?: { message?: string } & Record<string, unknown>;
  target?: string;
}

/** Forwards one JSON log line of the wasm schema engine to the logger, at its own level. */
export function logEngineLine(logger: DatabaseLogger, line: string): void {
  let parsed: EngineLogLine;
  try {
    parsed = JSON.parse(line) as EngineLogLine;
  } catch {
    logger.debug?.({ engineLine: line }, 'schema engine');
    return;
  }
  const { message = 'schema engine', ...fields } = parsed.fields ?? {};
  const obj = { ...fields, target: parsed.target };
  if (parsed.level === 'ERROR') logger.error(obj, message);
  else if (parsed.level === 'WARN') logger.warn(obj, message);
  else logger.debug?.(obj, message);
}
