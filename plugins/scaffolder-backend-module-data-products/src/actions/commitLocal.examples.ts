import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Commit the changed repository files back to the local repository and push',
    example: yaml.stringify({
      steps: [
        {
          id: 'commit',
          name: 'Commit',
          action: 'meshport:publish:local:commit',
          input: {
            repoName: 'customer-churn',
            sourcePath: 'repo',
            commitMessage: 'Add the churn-scores dataset',
          },
        },
      ],
    }),
  },
];
