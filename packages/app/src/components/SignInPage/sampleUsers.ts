/*
 * The browser side of the sample-users sign-in: which provider the user chose (kept across
 * reloads, like Backstage's own sign-in page does) and the cookie that names the sample user
 * for the backend's `sample-users` provider (packages/backend/src/sampleUsersAuth.ts).
 */
import type { ConfigApi } from '@backstage/core-plugin-api';

/** Must match SAMPLE_USER_COOKIE of the backend module. */
export const SAMPLE_USER_COOKIE = 'meshport-sample-user';
const PROVIDER_STORAGE_KEY = 'meshport:sign-in-provider';
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600;

/** The auth providers this sign-in page drives, both proxied (`/api/auth/<id>/refresh`). */
export type SignInProviderId = 'guest' | 'sample-users';

export interface SampleUser {
  name: string;
  description?: string;
}

/** `meshport.sampleUsers`, or an empty list when it is not configured. */
export function readSampleUsers(config: ConfigApi): SampleUser[] {
  return (config.getOptionalConfigArray('meshport.sampleUsers') ?? []).map(
    user => ({
      name: user.getString('name'),
      description: user.getOptionalString('description'),
    }),
  );
}

export function setSampleUserCookie(name: string) {
  document.cookie = `${SAMPLE_USER_COOKIE}=${encodeURIComponent(
    name,
  )}; path=/; max-age=${COOKIE_MAX_AGE_SECONDS}; SameSite=Lax`;
}

export function clearSampleUserCookie() {
  document.cookie = `${SAMPLE_USER_COOKIE}=; path=/; max-age=0; SameSite=Lax`;
}

export function readStoredProvider(): SignInProviderId | undefined {
  const stored = window.localStorage.getItem(PROVIDER_STORAGE_KEY);
  return stored === 'guest' || stored === 'sample-users' ? stored : undefined;
}

export function storeProvider(provider: SignInProviderId | undefined) {
  if (provider) {
    window.localStorage.setItem(PROVIDER_STORAGE_KEY, provider);
  } else {
    window.localStorage.removeItem(PROVIDER_STORAGE_KEY);
  }
}
