/*
 * What the `meshport login` page accepts from its URL (pure): the CLI's loopback callback, its
 * state and who is asking. The token is only ever sent to a loopback IP address on the user's
 * own machine (RFC 8252: an IP literal, not a host name a resolver could point elsewhere).
 */

export interface CliLoginRequest {
  /** `http://127.0.0.1:<port>/callback` or `http://[::1]:<port>/callback`. */
  callback: string;
  state: string;
  /** Who asks, as the CLI describes itself (`meshport CLI on laptop (alice)`). */
  client: string;
}

export type CliLoginRequestResult =
  | { ok: true; request: CliLoginRequest }
  | { ok: false; problem: string };

const STATE_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function isLoopbackHost(hostname: string): boolean {
  if (hostname === '[::1]') {
    return true;
  }
  const parts = hostname.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every(part => /^\d{1,3}$/.test(part) && Number(part) <= 255)
  );
}

/** Reads `?callback=&state=&client=`; refuses anything but a loopback callback. */
export function parseCliLoginRequest(search: string): CliLoginRequestResult {
  const params = new URLSearchParams(search);
  const given = params.get('callback');
  const refuse = (problem: string): CliLoginRequestResult => ({
    ok: false,
    problem,
  });
  if (!given) {
    return refuse(
      'callback: missing. Open this page from the link meshport login prints.',
    );
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return refuse(`callback: must be a URL (got ${JSON.stringify(given)}).`);
  }
  if (
    url.protocol !== 'http:' ||
    !isLoopbackHost(url.hostname) ||
    !url.port ||
    url.username ||
    url.password ||
    url.pathname !== '/callback' ||
    url.search ||
    url.hash
  ) {
    return refuse(
      `callback: must be http://127.0.0.1:<port>/callback on your own computer; ${given} is not, so your sign-in is not sent there.`,
    );
  }
  const state = params.get('state') ?? '';
  if (!STATE_PATTERN.test(state)) {
    return refuse(
      'state: must be the 32 to 128 letters, digits, - and _ that meshport login chose.',
    );
  }
  const client = (params.get('client') ?? '').trim();
  if (CONTROL.test(client) || client.length > 200) {
    return refuse('client: must be one line of at most 200 characters.');
  }
  return {
    ok: true,
    request: {
      callback: url.toString(),
      state,
      client: client || 'A meshport CLI',
    },
  };
}
