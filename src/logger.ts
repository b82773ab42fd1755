// Where debug-log lines (algorithms §7) and warnings go. Console by default; `null` silences.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
};

export const silentLogger: Logger = { info() {}, warn() {} };

export function resolveLogger(l: Logger | null | undefined): Logger {
  return l === null ? silentLogger : (l ?? consoleLogger);
}
