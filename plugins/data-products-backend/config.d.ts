export interface Config {
  meshport?: {
    provisioning?: {
      /**
       * `plan` (the default) records what provisioning would change and never
       * calls the cloud, so no cloud credentials are needed; `apply` reads the
       * cloud's actual state and changes it. Visible to the frontend so the
       * portal can say which mode it runs in.
       * @visibility frontend
       */
      mode?: 'plan' | 'apply';
      schedule?: {
        /**
         * How often the whole mesh is reconciled (task
         * `data-products-reconcile`, one replica at a time). Default
         * `{ minutes: 30 }`. Also accepts strings such as `30m` or `PT30M`.
         */
        frequency?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
      };
      changeDetection?: {
        /**
         * How often the input (catalog entities, grants, environments) is
         * compared with the last whole-mesh run's; a difference queues a run
         * (task `data-products-reconcile-on-change`). Default
         * `{ minutes: 1 }`.
         */
        frequency?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
      };
    };
  };
}
