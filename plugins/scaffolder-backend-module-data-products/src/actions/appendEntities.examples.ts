import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Add a generated Dataset to a product repository's catalog-info.yaml",
    example: yaml.stringify({
      steps: [
        {
          id: 'append',
          name: 'Add the dataset to catalog-info.yaml',
          action: 'meshport:entities:append',
          input: {
            from: 'new/dataset.yaml',
            to: 'repo/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
