import type { ApiHolder } from '@backstage/core-plugin-api';
import { retirementApiRef } from '@meshport/plugin-data-products-react';
import { ordersDataset, salesOrdersProduct } from '../../testing/fixtures';
import { isRetiringOrRetired } from './conditions';

function apis(getRetirementStatus: jest.Mock): ApiHolder {
  return {
    get: (ref: { id: string }) =>
      ref.id === retirementApiRef.id ? { getRetirementStatus } : undefined,
  } as ApiHolder;
}

describe('isRetiringOrRetired', () => {
  it('asks the backend about a product or dataset', async () => {
    const status = jest.fn(async () => ({ entityRef: 'x', state: 'retiring' }));
    await expect(
      isRetiringOrRetired(ordersDataset, { apis: apis(status) }),
    ).resolves.toBe(true);
    expect(status).toHaveBeenCalledWith('dataset:default/orders');
    status.mockResolvedValue({ entityRef: 'x' } as any);
    await expect(
      isRetiringOrRetired(salesOrdersProduct, { apis: apis(status) }),
    ).resolves.toBe(false);
  });

  it("trusts the catalog's annotation without asking", async () => {
    const status = jest.fn();
    const annotated = {
      ...salesOrdersProduct,
      metadata: {
        ...salesOrdersProduct.metadata,
        annotations: { 'meshport.io/retirement': 'retired' },
      },
    };
    await expect(
      isRetiringOrRetired(annotated, { apis: apis(status) }),
    ).resolves.toBe(true);
    expect(status).not.toHaveBeenCalled();
  });

  it('says no for other kinds and when the backend cannot answer', async () => {
    const failing = jest.fn(async () => {
      throw new Error('offline');
    });
    await expect(
      isRetiringOrRetired(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'x' },
        },
        { apis: apis(failing) },
      ),
    ).resolves.toBe(false);
    await expect(
      isRetiringOrRetired(ordersDataset, { apis: apis(failing) }),
    ).resolves.toBe(false);
  });
});
