import {
  configuredFolder,
  decideFileLocation,
  isGlobPattern,
  isInside,
} from './fileLocationRule';

describe('decideFileLocation', () => {
  const operatorFolders = [
    '/srv/portal/examples',
    '/srv/portal/catalog-info.yaml',
  ];

  it('leaves files in the operator’s folders, at any depth, to Backstage', () => {
    expect(
      decideFileLocation('/srv/portal/examples/org.yaml', operatorFolders),
    ).toEqual({ verdict: 'operator' });
    expect(
      decideFileLocation(
        '/srv/portal/examples/products/sales-orders/catalog-info.yaml',
        operatorFolders,
      ),
    ).toEqual({ verdict: 'operator' });
    // a root may be a single file
    expect(
      decideFileLocation('/srv/portal/catalog-info.yaml', operatorFolders),
    ).toEqual({ verdict: 'operator' });
  });

  it('reads a catalog-info.yaml or .yml elsewhere as a product repository’s file', () => {
    for (const file of [
      '/home/me/web-orders/catalog-info.yaml',
      '/home/me/web-orders/catalog-info.yml',
    ]) {
      expect(decideFileLocation(file, operatorFolders)).toEqual({
        verdict: 'catalog-info',
      });
    }
  });

  it('refuses any other file, naming it and the rule', () => {
    expect(decideFileLocation('/etc/passwd', operatorFolders)).toEqual({
      verdict: 'refused',
      reason:
        "/etc/passwd is neither a file named catalog-info.yaml or catalog-info.yml nor inside a folder of the portal's catalog.locations or meshport.catalog.fileLocationRoots",
    });
    // a sibling folder whose name starts like an operator folder is not inside it
    expect(
      decideFileLocation(
        '/srv/portal/examples-private/org.yaml',
        operatorFolders,
      ).verdict,
    ).toBe('refused');
    expect(
      decideFileLocation('/home/me/catalog-info.yaml.bak', operatorFolders)
        .verdict,
    ).toBe('refused');
  });
});

describe('configuredFolder', () => {
  it('is the folder of a file, or the folder before the first wildcard of a pattern', () => {
    expect(configuredFolder('/srv/portal/examples/all.yaml')).toBe(
      '/srv/portal/examples',
    );
    expect(configuredFolder('/srv/portal/templates/*/template.yaml')).toBe(
      '/srv/portal/templates',
    );
    expect(configuredFolder('/srv/portal/examples/**/*.yaml')).toBe(
      '/srv/portal/examples',
    );
    expect(configuredFolder('/*.yaml')).toBe('/');
  });
});

describe('isInside and isGlobPattern', () => {
  it('tell a folder’s contents and patterns apart', () => {
    expect(isInside('/a/b/c.yaml', '/a')).toBe(true);
    expect(isInside('/a', '/a')).toBe(true);
    expect(isInside('/ab/c.yaml', '/a')).toBe(false);
    expect(isInside('/c.yaml', '/a')).toBe(false);
    expect(isGlobPattern('/a/*.yaml')).toBe(true);
    expect(isGlobPattern('/a/{b,c}.yaml')).toBe(true);
    expect(isGlobPattern('/a/b.yaml')).toBe(false);
  });
});
