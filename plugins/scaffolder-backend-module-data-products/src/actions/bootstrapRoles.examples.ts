import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Plan the new product's roles in every environment and reconcile them (a dry run only shows the plan)",
    example: yaml.stringify({
      steps: [
        {
          id: 'bootstrap',
          name: 'Bootstrap AWS roles',
          action: 'meshport:roles:bootstrap',
          input: { catalogInfoPath: 'catalog-info.yaml' },
        },
      ],
    }),
  },
  {
    description: 'Queue the reconcile without waiting for it to finish',
    example: yaml.stringify({
      steps: [
        {
          id: 'bootstrap',
          name: 'Bootstrap AWS roles',
          action: 'meshport:roles:bootstrap',
          input: { catalogInfoPath: 'repo/catalog-info.yaml', wait: false },
        },
      ],
    }),
  },
];
