import { Chip } from '@material-ui/core';
import type { Lifecycle } from '@meshport/plugin-data-products-common';

/** The lifecycle of a product or dataset; deprecated and retired stand out. */
export const LifecycleChip = (props: { lifecycle?: Lifecycle | string }) => {
  const { lifecycle } = props;
  if (!lifecycle) {
    return null;
  }
  const isEnding = lifecycle === 'deprecated' || lifecycle === 'retired';
  return (
    <Chip
      size="small"
      label={lifecycle}
      color={isEnding ? 'secondary' : 'default'}
      variant={lifecycle === 'production' ? 'default' : 'outlined'}
    />
  );
};
