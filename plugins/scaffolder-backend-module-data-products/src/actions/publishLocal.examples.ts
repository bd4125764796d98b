import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace as a new repository on the portal host (refuses an existing one)',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          name: 'Publish',
          action: 'meshport:publish:local',
          input: {
            repoName: 'customer-churn',
            description: 'Customer churn data product',
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish a subfolder of the workspace with its own first commit message',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          name: 'Publish',
          action: 'meshport:publish:local',
          input: {
            repoName: 'customer-churn',
            sourcePath: 'product',
            defaultBranch: 'main',
            commitMessage: 'Bootstrap customer-churn from the Meshport wizard',
          },
        },
      ],
    }),
  },
];
