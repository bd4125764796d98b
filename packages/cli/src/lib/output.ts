/** Where a command writes; tests pass a recorder, the binary passes the process streams. */
export interface CommandOutput {
  /** Results, one line per call (problems, plans, exported documents). */
  out(line: string): void;
  /** Progress, summaries and errors about the invocation itself. */
  err(line: string): void;
}

export const processOutput: CommandOutput = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

/** The command was called wrongly (a path that doesn't exist, a bad option): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** `1 entity`, `2 entities`. */
export function plural(count: number, singular: string, pluralForm: string) {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
