import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register a published local repository in the catalog and wait until its product shows',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          name: 'Register',
          action: 'meshport:catalog:register-local',
          input: {
            repoName: 'customer-churn',
            waitFor: ['dataproduct:default/customer-churn'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Refresh a repository after a commit; waits for every Meshport entity in its catalog-info.yaml',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          name: 'Refresh the catalog',
          action: 'meshport:catalog:register-local',
          input: { repoName: 'customer-churn' },
        },
      ],
    }),
  },
];
