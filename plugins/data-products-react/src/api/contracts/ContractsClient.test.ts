import { ContractsClient } from './ContractsClient';

function client(response: Response) {
  const fetch = jest.fn(async () => response);
  return {
    fetch,
    client: new ContractsClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/data-products',
      },
      fetchApi: { fetch },
    }),
  };
}

describe('ContractsClient', () => {
  it('asks for JSON to display a contract', async () => {
    const { client: api, fetch } = client(
      new Response(JSON.stringify({ kind: 'DataContract' }), { status: 200 }),
    );
    expect(await api.getContract('dataset:finance/orders', 'odcs')).toEqual({
      kind: 'DataContract',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/data-products/contracts/finance/orders?format=odcs',
      { headers: { Accept: 'application/json' } },
    );
  });

  it('asks for YAML to download one, named after the entity', async () => {
    const { client: api, fetch } = client(
      new Response('kind: DataProduct\n', { status: 200 }),
    );
    expect(
      await api.getContractFile('dataproduct:default/sales-orders', 'odps'),
    ).toEqual({
      fileName: 'sales-orders.odps.yaml',
      text: 'kind: DataProduct\n',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/data-products/contracts/default/sales-orders?format=odps',
      { headers: { Accept: 'application/yaml' } },
    );
  });

  it('rejects with the backend error', async () => {
    const { client: api } = client(
      new Response(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'There is no Dataset' },
        }),
        { status: 404, headers: { 'content-type': 'application/json' } },
      ),
    );
    await expect(
      api.getContract('dataset:default/nothing', 'odcs'),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });
  });

  it('asks for the versions pending for a dataset', async () => {
    const { client: api, fetch } = client(
      new Response(JSON.stringify({ noticePeriod: '30d', pending: [] }), {
        status: 200,
      }),
    );
    expect(await api.getPendingVersions('dataset:default/orders')).toEqual({
      noticePeriod: '30d',
      pending: [],
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/data-products/contracts/default/orders/pending',
      { headers: { Accept: 'application/json' } },
    );
  });
});
