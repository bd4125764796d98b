import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Fetch the repository a data product was published to into the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          name: 'Fetch the product repository',
          action: 'meshport:fetch:local',
          input: {
            entityRef: 'dataproduct:default/customer-churn',
            targetPath: 'repo',
          },
        },
      ],
    }),
  },
  {
    description: 'Fetch a local repository by name',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          name: 'Fetch',
          action: 'meshport:fetch:local',
          input: { repoName: 'customer-churn', targetPath: 'repo' },
        },
      ],
    }),
  },
];
