import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const dataset = {
  datasetName: 'churn-scores',
  datasetTitle: 'Churn scores',
  access: 'restricted',
  outputType: 's3',
  bucket: 'datalake',
  availabilityTarget: 99.5,
  freshnessTarget: 95,
  freshnessMaxAge: '24h',
  columns: [
    {
      name: 'customer_id',
      type: 'string',
      description: 'The customer the score is for',
      classification: 'internal',
      required: true,
      primaryKey: true,
    },
    { name: 'churn_score', type: 'number', required: true },
  ],
};

export const examples: TemplateExample[] = [
  {
    description:
      "Write a new product's catalog-info.yaml: its DataProduct and first Dataset, from the wizard's values",
    example: yaml.stringify({
      steps: [
        {
          id: 'write',
          name: 'Write the spec',
          action: 'meshport:entities:write',
          input: {
            product: {
              name: 'customer-churn',
              title: 'Customer churn',
              description: 'Which customers are about to leave',
              owner: 'group:default/team-sales',
              domain: 'domain:default/sales',
              productType: 'consumer-aligned',
              environments: ['dev', 'prd'],
            },
            dataset: { ...dataset, completenessTarget: 95 },
          },
        },
      ],
    }),
  },
  {
    description:
      "Write one more Dataset of an existing product (owned by the product's owner) to a file of its own",
    example: yaml.stringify({
      steps: [
        {
          id: 'write',
          name: 'Write the dataset',
          action: 'meshport:entities:write',
          input: {
            path: 'new/dataset.yaml',
            dataProduct: 'dataproduct:default/customer-churn',
            dataset: { ...dataset, datasetName: 'churn-drivers' },
          },
        },
      ],
    }),
  },
];
