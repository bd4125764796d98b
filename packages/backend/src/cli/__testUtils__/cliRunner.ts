/*
 * Runs the `meshport` CLI in this process, as a user would in a terminal: its arguments, the
 * environment variables it reads (MESHPORT_CONFIG_DIR, MESHPORT_TOKEN), and what it printed.
 */
import { main } from '@meshport/cli';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function meshport(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  const saved = Object.fromEntries(
    Object.keys(env).map(key => [key, process.env[key]]),
  );
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const out: string[] = [];
  const err: string[] = [];
  try {
    const exitCode = await main(['node', 'meshport', ...args], {
      out: line => out.push(line),
      err: line => err.push(line),
    });
    return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
