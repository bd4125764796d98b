import type { CommandOutput } from '../lib/output';

/** What every verb gets: where to write, and how to report its exit code to `main`. */
export interface CommandContext {
  output: CommandOutput;
  setExitCode(code: number): void;
}
