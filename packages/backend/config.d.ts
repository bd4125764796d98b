export interface Config {
  meshport?: {
    catalog?: {
      /**
       * Location types people may register in the catalog (Backstage's default: `url` only).
       * The embedded default adds `file`, so `meshport apply <folder>` on the portal's machine
       * registers a local catalog-info.yaml. Leave it out in production.
       */
      allowedLocationTypes?: string[];
    };
  };
  auth?: {
    providers?: {
      /**
       * Sign-in "as a sample user" (packages/backend/src/sampleUsersAuth.ts): the sign-in page
       * sets the `meshport-sample-user` cookie to one of `meshport.sampleUsers` and the backend
       * signs in as that catalog User. For demos and browser tests only: present means enabled.
       */
      'sample-users'?: {
        /**
         * Allow it outside `NODE_ENV=development`. Anyone can then sign in as any sample user.
         */
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
