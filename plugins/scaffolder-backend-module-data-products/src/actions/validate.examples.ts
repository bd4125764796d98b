import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate the generated DataProduct and its Datasets before anything is published',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          name: 'Validate the spec',
          action: 'meshport:entities:validate',
          input: {
            path: 'catalog-info.yaml',
            mustNotExist: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Validate a new Dataset of an existing product (the file holds no DataProduct)',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          name: 'Validate the dataset',
          action: 'meshport:entities:validate',
          input: {
            path: 'new-dataset.yaml',
            dataProduct: 'dataproduct:default/customer-360',
            mustNotExist: true,
          },
        },
      ],
    }),
  },
];
