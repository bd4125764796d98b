/*
 * Revoke grants: revokes every grant of the product's datasets and every
 * grant the product holds as a consumer, closing pending requests.
 */
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { SYSTEM, titleOf } from '../shared';
import type { RetirementStepDefinition } from './types';

export const revokeGrants: RetirementStepDefinition = {
  name: 'revoke-grants',
  async run({ retirement, deps }) {
    const note = `${titleOf(retirement)} is retired: ${retirement.reason}`;
    // Who reads its datasets, then what it reads itself (its roles go away).
    const changed = [
      ...(await deps.accessGrants.revokeAllForDatasets(retirement.datasets, {
        actor: SYSTEM,
        note,
      })),
      ...(await deps.accessGrants.revokeAllForConsumer(retirement.dataProduct, {
        actor: SYSTEM,
        note,
      })),
    ];
    const revoked = changed.filter(r => r.status === 'revoked');
    const closed = changed.filter(r => r.status !== 'revoked');
    return {
      status: 'succeeded',
      summary: `Revoked ${revoked.length} grant${
        revoked.length === 1 ? '' : 's'
      }${
        closed.length ? ` and closed ${closed.length} pending request(s)` : ''
      }`,
      result: {
        revoked: revoked.length,
        closed: closed.length,
        requests: changed.map((r: AccessRequest) => ({
          id: r.id,
          consumer: r.consumer,
          dataset: r.dataset,
          status: r.status,
        })),
      },
    };
  },
};
