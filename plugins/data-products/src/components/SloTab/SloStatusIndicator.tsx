import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { SloStatus } from '@meshport/plugin-data-products-common';
import { SLO_STATUS_LABELS } from './presentation';

const STATUS_COMPONENTS: Record<SloStatus, typeof StatusOK> = {
  met: StatusOK,
  'at-risk': StatusWarning,
  breached: StatusError,
  'no-data': StatusAborted,
};

/**
 * An SLO status as Backstage shows statuses: a coloured icon and a word. The
 * word stays readable by screen readers (the Status components hide
 * themselves from them by default).
 */
export const SloStatusIndicator = (props: { status: SloStatus }) => {
  const Status = STATUS_COMPONENTS[props.status];
  return (
    <Status aria-hidden={false} aria-label={undefined}>
      {SLO_STATUS_LABELS[props.status]}
    </Status>
  );
};
