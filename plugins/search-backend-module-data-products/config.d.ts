import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The Meshport collator: DataProduct and Dataset entities with their schemas. */
      dataProducts?: {
        /** How often the index is rebuilt. Default: every 10 minutes, first after 3 seconds. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
