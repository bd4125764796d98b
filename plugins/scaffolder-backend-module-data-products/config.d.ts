export interface Config {
  meshport?: {
    scaffolder?: {
      /**
       * The embedded git target of `meshport:publish:local`: bare repositories on the portal
       * host, for portals without GitHub (or another SCM) configured.
       */
      localGit?: {
        /**
         * Folder holding `repos/<name>.git` (the bare repositories) and `checkouts/<name>` (the
         * portal's working copies the catalog reads). Relative paths are resolved against the
         * backend's working directory. Defaults to `$MESHPORT_DATA_DIR/git`, or `.data/git` in
         * the working directory when MESHPORT_DATA_DIR is not set.
         */
        directory?: string;
      };
      /**
       * Where the bootstrap and register actions wait for the catalog and the provisioning run.
       */
      bootstrap?: {
        /**
         * How long `meshport:catalog:register-local` and `meshport:roles:bootstrap` wait (for
         * the entity to show in the catalog, for the provisioning run to finish) before they
         * give up waiting. Default 120 seconds. The run itself goes on either way.
         */
        waitTimeoutSeconds?: number;
      };
    };
  };
}
