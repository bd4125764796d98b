export interface Config {
  meshport?: {
    /**
     * The environments every data product gets its roles in (for example dev and prd). Each maps
     * to an AWS account, a region and the buckets that Dataset outputs refer to by id.
     * Nothing here is secret; names, accounts and regions are shown in the UI.
     *
     * @visibility frontend
     */
    environments?: Array<{
      /**
       * Lowercase letters, digits and dashes, e.g. `dev`. Data products list these names in
       * `spec.environments`.
       *
       * @visibility frontend
       */
      name: string;
      /**
       * The 12-digit AWS account id, quoted so YAML keeps it a string.
       *
       * @visibility frontend
       */
      accountId: string;
      /**
       * The AWS region, e.g. `eu-west-1`.
       *
       * @visibility frontend
       */
      region: string;
      /**
       * Bucket id (what Dataset outputs write in `bucket`) to the bucket in this environment.
       * Every id a Dataset uses must exist in every environment.
       */
      buckets: {
        [bucketId: string]: {
          /** The S3 bucket name. */
          name: string;
        };
      };
      /**
       * Names of other environments whose datasets this environment's roles may read,
       * e.g. dev reading prd data. Defaults to none.
       */
      readsFrom?: string[];
    }>;
  };
}
