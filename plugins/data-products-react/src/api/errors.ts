/**
 * True when the backend refused a request for lack of permission (HTTP 403),
 * so that the UI can say so instead of showing a generic error.
 *
 * @public
 */
export function isNotAllowedError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const candidate = error as {
    name?: unknown;
    statusCode?: unknown;
    cause?: { name?: unknown };
  };
  return (
    candidate.statusCode === 403 ||
    candidate.name === 'NotAllowedError' ||
    candidate.cause?.name === 'NotAllowedError'
  );
}
