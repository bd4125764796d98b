export interface Config {
  meshport?: {
    catalog?: {
      /**
       * Location types people may register in the catalog (Backstage's default: `url` only).
       * The embedded default adds `file`, so `meshport apply <folder>` on the portal's machine
       * registers a local catalog-info.yaml. Leave it out in production.
       */
      allowedLocationTypes?: string[];
      /**
       * Files and folders (relative to the backend's working directory) whose YAML the catalog
       * may read in full through `file` locations, besides the folders of `catalog.locations`.
       * Any other file location is read only if it is a catalog-info.yaml (or .yml), and then
       * only its DataProduct and Dataset documents (src/catalogFileLocations).
       */
      fileLocationRoots?: string[];
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
