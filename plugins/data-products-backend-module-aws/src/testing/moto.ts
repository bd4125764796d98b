/*
 * Starts moto (an AWS emulator nobody here wrote) in server mode for a test:
 *
 *   const moto = await startMoto({ port: 7210 });
 *   ... SDK clients with endpoint moto.endpoint ...
 *   await moto.stop();
 *
 * moto is installed by `scripts/python-peers.sh aws` into
 * `<repo>/.tools/venv/aws` (git-ignored); tests fail, never skip, without it.
 * It keeps accounts apart by credentials: STS credentials of a role in
 * another account act in that account.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface MotoServer {
  endpoint: string;
  port: number;
  /** Turns on IAM enforcement (`INITIAL_NO_AUTH_ACTION_COUNT`) after `count` more calls. */
  enforceIamAfter(count: number): Promise<void>;
  stop(): Promise<void>;
}

/** The repository root: the folder holding `scripts/python-peers.sh`. */
export function repositoryRoot(from: string = process.cwd()): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'scripts', 'python-peers.sh'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No repository root (scripts/python-peers.sh) above ${from}`);
    }
    dir = parent;
  }
}

export function motoServerPath(): string {
  const bin = path.join(repositoryRoot(), '.tools', 'venv', 'aws', 'bin', 'moto_server');
  if (!fs.existsSync(bin)) {
    throw new Error(
      `moto is not installed (${bin} is missing): run scripts/python-peers.sh aws, which installs moto[server] into .tools/venv/aws`,
    );
  }
  return bin;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`);
    return response.ok;
  } catch {
    return false;
  }
}

async function tryStart(bin: string, port: number): Promise<ChildProcess | undefined> {
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env },
  });
  let exited = false;
  let stderr = '';
  child.on('exit', () => {
    exited = true;
  });
  child.stderr?.on('data', chunk => {
    stderr += String(chunk);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) {
      if (/address already in use/i.test(stderr)) return undefined;
      throw new Error(`moto_server exited: ${stderr.slice(-2000)}`);
    }
    if (await answers(endpoint)) return child;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`moto_server did not answer on ${endpoint} within 60 s`);
}

/**
 * Starts moto on `port` (or the next free one of the ten after it) and
 * waits until it answers.
 */
export async function startMoto(options: { port: number }): Promise<MotoServer> {
  const bin = motoServerPath();
  for (let port = options.port; port < options.port + 10; port++) {
    const child = await tryStart(bin, port);
    if (!child) continue;
    const endpoint = `http://127.0.0.1:${port}`;
    return {
      endpoint,
      port,
      async enforceIamAfter(count: number) {
        const response = await fetch(`${endpoint}/moto-api/reset-auth`, {
          method: 'POST',
          body: String(count),
        });
        if (!response.ok) throw new Error(`moto reset-auth: ${response.status}`);
      },
      stop: () =>
        new Promise<void>(resolve => {
          if (child.exitCode !== null) {
            resolve();
            return;
          }
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }
  throw new Error(`No free port for moto_server from ${options.port} to ${options.port + 9}`);
}

/** Credentials moto accepts for its default account; roles are assumed from them. */
export function useMotoCredentials(): () => void {
  const saved = {
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN,
    AWS_PROFILE: process.env.AWS_PROFILE,
  };
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
