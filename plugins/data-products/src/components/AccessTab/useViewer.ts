import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';

/** Who is looking: their user ref and the refs they own through (themselves and their groups). */
export interface Viewer {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/** The signed-in user, or undefined while the identity loads. */
export function useViewer(): {
  viewer?: Viewer;
  loading: boolean;
  error?: Error;
} {
  const identityApi = useApi(identityApiRef);
  const { value, loading, error } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  return {
    viewer: value
      ? {
          userEntityRef: value.userEntityRef,
          ownershipEntityRefs: value.ownershipEntityRefs,
        }
      : undefined,
    loading,
    error,
  };
}
