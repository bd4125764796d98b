/*
 * Where the CLI finds the portal and the caller's token: `--portal` (else `MESHPORT_PORTAL`, else
 * the portal of the last `meshport login`), and `MESHPORT_TOKEN` (else the token `meshport login`
 * stored for that portal). Tokens live in `<config folder>/meshport/credentials.json`, readable by
 * the user only (0600).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './output';

/** One portal's sign-in, as `meshport login` stored it. */
export interface StoredLogin {
  token: string;
  /** ISO 8601, from the token's `exp` claim when it has one. */
  expiresAt?: string;
  /** The sign-in provider used, so an expired token of a development provider can be renewed. */
  provider?: string;
  /** The sample user signed in as (`sample-users` provider). */
  user?: string;
  /** The user entity ref the portal signed the token for. */
  userEntityRef?: string;
}

export interface CredentialsFile {
  /** The portal of the last login: the default for `--portal`. */
  current?: string;
  portals: Record<string, StoredLogin>;
}

/** The folder of the credentials file: `$MESHPORT_CONFIG_DIR`, else the platform's user config folder. */
export function configFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MESHPORT_CONFIG_DIR) {
    return env.MESHPORT_CONFIG_DIR;
  }
  if (process.platform === 'win32' && env.APPDATA) {
    return path.join(env.APPDATA, 'meshport');
  }
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'meshport');
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configFolder(env), 'credentials.json');
}

/** `http://localhost:7007/` and `http://localhost:7007` are the same portal. */
export function normalizePortalUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--portal: must be the portal's backend URL such as http://localhost:7007 (got ${JSON.stringify(
        value,
      )})`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      `--portal: must be an http or https URL (got ${JSON.stringify(value)})`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

export async function readCredentials(
  env: NodeJS.ProcessEnv = process.env,
): Promise<CredentialsFile> {
  try {
    const parsed = JSON.parse(await fs.readFile(credentialsPath(env), 'utf8'));
    if (parsed && typeof parsed === 'object' && parsed.portals) {
      return parsed as CredentialsFile;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UsageError(
        `${credentialsPath(env)} is not readable (${
          (error as Error).message
        }): remove it and run meshport login again`,
      );
    }
  }
  return { portals: {} };
}

/** Stores the login for the portal and makes it the default one; the file is 0600. */
export async function storeLogin(
  portal: string,
  login: StoredLogin,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const file = credentialsPath(env);
  const credentials = await readCredentials(env);
  const key = normalizePortalUrl(portal);
  credentials.portals[key] = login;
  credentials.current = key;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, {
    mode: 0o600,
  });
  // writeFile keeps the mode of an existing file: tighten it in case it was created otherwise.
  await fs.chmod(file, 0o600);
  return file;
}

export interface Session {
  portal: string;
  token?: string;
  /** Where the token came from, for messages. */
  tokenSource?: 'MESHPORT_TOKEN' | 'login';
  login?: StoredLogin;
}

/** The portal and token a command uses. */
export async function resolveSession(
  portalOption: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Session> {
  const credentials = await readCredentials(env);
  const given = portalOption ?? env.MESHPORT_PORTAL ?? credentials.current;
  if (!given) {
    throw new UsageError(
      'no portal given: pass --portal <url> (e.g. --portal http://localhost:7007), set MESHPORT_PORTAL, or run meshport login --portal <url>',
    );
  }
  const portal = normalizePortalUrl(given);
  if (env.MESHPORT_TOKEN) {
    return { portal, token: env.MESHPORT_TOKEN, tokenSource: 'MESHPORT_TOKEN' };
  }
  const login = credentials.portals[portal];
  return login
    ? { portal, token: login.token, tokenSource: 'login', login }
    : { portal };
}

/** The claims of a JWT's payload, or undefined for a token that is not a JWT (a static token). */
export function decodeJwtClaims(
  token: string,
): { sub?: string; exp?: number } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return undefined;
  }
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Whether a stored login's token has expired (or will within a minute). */
export function isExpired(login: StoredLogin, now = Date.now()): boolean {
  return !!login.expiresAt && Date.parse(login.expiresAt) - 60_000 <= now;
}
