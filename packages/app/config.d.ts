export interface Config {
  meshport?: {
    /**
     * The people the sign-in page offers to sign in as (with the `sample-users` auth provider,
     * `auth.providers.sample-users`): User entity names of the default namespace. The backend
     * refuses any other name. Leave it out to offer guest sign-in only.
     *
     * @deepVisibility frontend
     */
    sampleUsers?: Array<{
      /** The User entity's name, e.g. `alice`. */
      name: string;
      /** Shown under the name, e.g. the team and what the person may do. */
      description?: string;
    }>;
  };
}
