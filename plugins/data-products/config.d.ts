export interface Config {
  meshport?: {
    /**
     * The environments of the portal (declared in full by
     * @meshport/plugin-catalog-backend-module-data-products). The frontend reads their names,
     * accounts and regions, e.g. for the environments picker of the "Create a data product" template.
     */
    environments?: Array<{
      /**
       * @visibility frontend
       */
      name: string;
      /**
       * @visibility frontend
       */
      accountId?: string;
      /**
       * @visibility frontend
       */
      region?: string;
    }>;
  };
}
