/**
 * The `meshport` command line: validate data product specs and plan their AWS resources (export
 * and import to follow, one file per verb under `commands/`).
 *
 * @packageDocumentation
 */

import { Command, CommanderError } from 'commander';
import { registerPlanCommand } from './commands/plan';
import { registerReconcileCommand } from './commands/reconcile';
import { registerValidateCommand } from './commands/validate';
import { registerLoginCommand } from './commands/login';
import { registerApplyCommand } from './commands/apply';
import { registerGetCommand } from './commands/get';
import { registerDeleteCommand } from './commands/delete';
import { registerRequestsCommand } from './commands/requests';
import { registerApproveCommand, registerDenyCommand } from './commands/decide';
import { registerExportCommand } from './commands/export';
import { registerImportCommand } from './commands/import';
import { registerDiffCommand } from './commands/diff';
import {
  CommandOutput,
  EXIT_OK,
  EXIT_USAGE,
  processOutput,
  UsageError,
} from './lib/output';

export { validate, type ValidateOptions } from './commands/validate';
export { plan, type PlanOptions, type PlanFormat } from './commands/plan';
export type { CommandOutput } from './lib/output';

/**
 * Runs the CLI with `process.argv`-style arguments and resolves to the exit code:
 * 0 all good, 1 problems found, 2 wrong usage.
 */
export async function main(
  argv: string[],
  output: CommandOutput = processOutput,
): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('meshport')
    .description(
      'Validate Meshport data product specs and plan their AWS resources',
    )
    // Commander exits the process by default; tests and callers need the code instead.
    .exitOverride()
    .configureOutput({
      writeOut: text => output.out(text.trimEnd()),
      writeErr: text => output.err(text.trimEnd()),
    })
    .showHelpAfterError();

  const context = {
    output,
    setExitCode: (code: number) => {
      exitCode = code;
    },
  };
  registerValidateCommand(program, context);
  registerPlanCommand(program, context);
  registerLoginCommand(program, context);
  registerApplyCommand(program, context);
  registerGetCommand(program, context);
  registerDeleteCommand(program, context);
  registerRequestsCommand(program, context);
  registerApproveCommand(program, context);
  registerDenyCommand(program, context);
  registerReconcileCommand(program, context);
  registerExportCommand(program, context);
  registerImportCommand(program, context);
  registerDiffCommand(program, context);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      output.err(`meshport: ${error.message}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}
