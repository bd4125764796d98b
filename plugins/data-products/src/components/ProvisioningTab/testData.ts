/*
 * Sample provisioning data for the tab's tests, shaped like the backend's
 * answers for `dataproduct:default/sales-orders` with the AWS provisioner.
 */
import type {
  DataProductProvisioningPlanResponse,
  ProvisioningRun,
  ProvisioningRunDetails,
} from '@meshport/plugin-data-products-common';

const PRODUCT = 'dataproduct:default/sales-orders';
const OTHER_PRODUCT = 'dataproduct:default/marketing-360';
const ACCOUNTS: Record<string, string> = {
  dev: '111111111111',
  prd: '222222222222',
};

const trustPolicy = (account: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AssumeFromAccount',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${account}:root`] },
      Action: ['sts:AssumeRole'],
    },
  ],
});

function role(product: string, environment: string, kind: string) {
  const slug = product.split('/')[1];
  const name = `meshport-${slug}-${environment}-${kind}`;
  const account = ACCOUNTS[environment];
  return {
    name,
    arn: `arn:aws:iam::${account}:role/meshport/${name}`,
    path: '/meshport/',
    environment,
    accountId: account,
    dataProduct: product,
    kind,
    purpose: `The ${kind} role of data product ${product} in ${environment}.`,
    trustPolicy: trustPolicy(account),
    tags: { 'meshport:managed': 'true' },
    maxSessionDuration: 3600,
    policyStatus: 'planned',
    managedPolicies: [
      {
        name: `${name}-1`,
        arn: `arn:aws:iam::${account}:policy/meshport/${name}-1`,
        path: '/meshport/',
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReadOwnOutputs',
              Effect: 'Allow',
              Action: ['s3:GetObject'],
              Resource: [`arn:aws:s3:::acme-datalake-${environment}/sales/*`],
            },
          ],
        },
        tags: {},
      },
    ],
    inlinePolicies: [
      {
        name: `${name}-inline`,
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'QueryInWorkgroup',
              Effect: 'Allow',
              Action: ['athena:StartQueryExecution'],
              Resource: ['*'],
            },
          ],
        },
      },
    ],
    grantedDatasets: [],
  };
}

function resourcesOf(product: string) {
  const slug = product.split('/')[1];
  const environments = ['dev', 'prd'];
  return {
    roles: environments.flatMap(env =>
      ['consumer', 'service', 'owner'].map(kind => role(product, env, kind)),
    ),
    glueDatabases: environments.map(env => ({
      environment: env,
      name: `${slug.replace(/-/g, '_')}_${env}`,
      catalogId: ACCOUNTS[env],
      arn: `arn:aws:glue:eu-west-1:${ACCOUNTS[env]}:database/${slug}`,
      dataProduct: product,
      // as the planner writes it: the ref, the marker and the settings' hash
      description: `Glue database of data product ${product}, managed by Meshport [meshport 1f2e3d4c]`,
      tags: {},
    })),
    workgroups: environments.map(env => ({
      environment: env,
      name: `meshport-${slug}-${env}`,
      arn: `arn:aws:athena:eu-west-1:${ACCOUNTS[env]}:workgroup/meshport-${slug}-${env}`,
      dataProduct: product,
      outputLocation: `s3://acme-workspace-${env}/products/${slug}/athena-results/`,
      bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      description: `Athena workgroup of data product ${product}`,
      tags: {},
    })),
    buckets: environments.map(env => ({
      environment: env,
      bucketId: 'datalake',
      bucket: `acme-datalake-${env}`,
      prefixes: [
        {
          prefix: product === PRODUCT ? 'sales/orders/' : 'marketing/segments/',
          dataProduct: product,
          dataset:
            product === PRODUCT
              ? 'dataset:default/orders'
              : 'dataset:default/segments',
        },
      ],
    })),
    problems: [],
  };
}

/** What the AWS provisioner's `resourcesOf` returns for sales-orders. */
export const awsResourcesOfSalesOrders = resourcesOf(PRODUCT);

/** The whole AWS desired state (two products), as sent when `filtered` is false. */
export const wholeAwsDesiredState = (() => {
  const mine = resourcesOf(PRODUCT);
  const theirs = resourcesOf(OTHER_PRODUCT);
  return {
    environments: [{ name: 'dev' }, { name: 'prd' }],
    roles: [...theirs.roles, ...mine.roles],
    glueDatabases: [...theirs.glueDatabases, ...mine.glueDatabases],
    workgroups: [...theirs.workgroups, ...mine.workgroups],
    buckets: mine.buckets.map((bucket, i) => ({
      ...bucket,
      prefixes: [...theirs.buckets[i].prefixes, ...bucket.prefixes],
    })),
    problems: [],
  };
})();

export const finishedRun: ProvisioningRun = {
  id: '11111111-1111-4111-8111-111111111111',
  trigger: 'schedule',
  mode: 'plan',
  status: 'succeeded',
  createdAt: '2025-03-01T09:59:58.000Z',
  startedAt: '2025-03-01T10:00:00.000Z',
  finishedAt: '2025-03-01T10:00:42.000Z',
  summary: {
    operations: 2,
    byAction: { create: 2 },
    byStatus: { planned: 2 },
    problems: [],
    provisioners: [{ id: 'aws', operations: 2 }],
  },
};

export const failedRun: ProvisioningRun = {
  id: '22222222-2222-4222-8222-222222222222',
  trigger: 'grant-change',
  mode: 'apply',
  status: 'failed',
  createdAt: '2025-03-02T08:00:00.000Z',
  startedAt: '2025-03-02T08:00:01.000Z',
  finishedAt: '2025-03-02T08:00:03.000Z',
  // A mesh-wide run: 120 operations, one of them this product's.
  summary: {
    operations: 120,
    byAction: { create: 117, update: 3 },
    byStatus: { succeeded: 119, failed: 1 },
    problems: [],
    provisioners: [{ id: 'aws', operations: 120 }],
  },
};

export const queuedRun: ProvisioningRun = {
  id: '33333333-3333-4333-8333-333333333333',
  trigger: 'manual',
  mode: 'plan',
  status: 'queued',
  requestedBy: 'user:default/alice',
  createdAt: '2025-03-03T12:00:00.000Z',
};

export const failedRunDetails: ProvisioningRunDetails = {
  ...failedRun,
  operations: [
    {
      id: 'aws:dev:iam-managed-policy:update:meshport-sales-orders-dev-service-1',
      seq: 1,
      provisioner: 'aws',
      environment: 'dev',
      dataProduct: PRODUCT,
      action: 'update',
      resourceType: 'iam-managed-policy',
      resource: 'meshport-sales-orders-dev-service-1',
      description:
        'Update the permissions of meshport-sales-orders-dev-service',
      details: {},
      status: 'failed',
      error: 'AccessDenied: iam:CreatePolicyVersion',
      finishedAt: '2025-03-02T08:00:03.000Z',
    },
  ],
};

export const salesOrdersPlan: DataProductProvisioningPlanResponse = {
  entityRef: PRODUCT,
  mode: 'plan',
  provisioners: [
    {
      id: 'aws',
      resources: awsResourcesOfSalesOrders,
      filtered: true,
      pendingOperations: [
        {
          id: 'aws:prd:iam-role:create:meshport-sales-orders-prd-owner',
          provisioner: 'aws',
          environment: 'prd',
          dataProduct: PRODUCT,
          action: 'create',
          resourceType: 'iam-role',
          resource: 'meshport-sales-orders-prd-owner',
          description: 'Create the owner role of sales-orders in prd',
          details: {},
        },
      ],
      problems: [
        {
          severity: 'warning',
          environment: 'prd',
          message: 'Bucket datalake has no lifecycle rule',
        },
      ],
    },
  ],
  problems: [],
  lastRun: finishedRun,
};
