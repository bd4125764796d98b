export interface Config {
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
