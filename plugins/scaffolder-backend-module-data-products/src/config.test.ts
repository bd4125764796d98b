import { ConfigReader } from '@backstage/config';
import path from 'node:path';
import { readScaffolderDataProductsConfig } from './config';

describe('readScaffolderDataProductsConfig', () => {
  it('uses the configured folder, resolved against the working directory', () => {
    const config = readScaffolderDataProductsConfig(
      new ConfigReader({
        meshport: {
          scaffolder: {
            localGit: { directory: 'repos-here' },
            bootstrap: { waitTimeoutSeconds: 30 },
          },
        },
      }),
      {},
    );
    expect(config).toEqual({
      localGitDirectory: path.resolve('repos-here'),
      waitTimeoutMs: 30_000,
    });
  });

  it('defaults to $MESHPORT_DATA_DIR/git, else .data/git, and 120 s', () => {
    expect(
      readScaffolderDataProductsConfig(new ConfigReader({}), {
        MESHPORT_DATA_DIR: '/var/meshport',
      }),
    ).toEqual({
      localGitDirectory: '/var/meshport/git',
      waitTimeoutMs: 120_000,
    });
    expect(
      readScaffolderDataProductsConfig(new ConfigReader({}), {})
        .localGitDirectory,
    ).toBe(path.resolve('.data/git'));
  });

  it('refuses a wait that is not positive, naming the key', () => {
    expect(() =>
      readScaffolderDataProductsConfig(
        new ConfigReader({
          meshport: { scaffolder: { bootstrap: { waitTimeoutSeconds: 0 } } },
        }),
        {},
      ),
    ).toThrow(
      'meshport.scaffolder.bootstrap.waitTimeoutSeconds: must be a number of seconds greater than 0 (got 0)',
    );
  });
});
