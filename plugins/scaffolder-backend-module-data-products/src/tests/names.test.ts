/*
 * What people read around the wizard: one name for it (the wizard's header
 * and the template's title), and a repository link's icon that says where
 * the repository lives (GitHub's only for GitHub).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { buildDataProduct } from '../lib/draftEntities';

const repoRoot = path.resolve(__dirname, '../../../..');

async function readYaml(file: string) {
  return yaml
    .parseAllDocuments(await fs.readFile(path.join(repoRoot, file), 'utf8'))
    .map(doc => doc.toJSON());
}

describe('the wizard', () => {
  it('is called "Create a data product" in its header and in its page heading', async () => {
    const [appConfig] = await readYaml('app-config.yaml');
    const header = appConfig.app.extensions.find(
      (e: Record<string, unknown>) => e['page:scaffolder'],
    )['page:scaffolder'].config.title;
    const [template] = await readYaml('templates/data-product/template.yaml');
    expect(header).toBe('Create a data product');
    expect(template.metadata.title).toBe(header);
  });
});

describe('repository links', () => {
  it("show GitHub's icon only for a repository on GitHub", async () => {
    const dirs = await fs.readdir(path.join(repoRoot, 'examples/products'));
    const links: Array<{ url: string; icon?: string }> = [];
    for (const dir of dirs) {
      for (const doc of await readYaml(
        `examples/products/${dir}/catalog-info.yaml`,
      )) {
        links.push(...(doc?.metadata?.links ?? []));
      }
    }
    links.push(
      ...(buildDataProduct({
        name: 'churn',
        title: 'Churn',
        owner: 'group:default/team-sales',
        domain: 'domain:default/sales',
        productType: 'aggregate',
        environments: ['dev'],
        repositoryUrl: 'https://github.com/acme/churn',
      }).metadata.links ?? []),
      ...(buildDataProduct({
        name: 'churn',
        title: 'Churn',
        owner: 'group:default/team-sales',
        domain: 'domain:default/sales',
        productType: 'aggregate',
        environments: ['dev'],
        repositoryUrl: 'https://git.meshport.example/sales/churn',
      }).metadata.links ?? []),
    );
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      const onGitHub = new URL(link.url).host === 'github.com';
      expect({ url: link.url, github: link.icon === 'github' }).toEqual({
        url: link.url,
        github: onGitHub,
      });
    }
    expect(links.some(link => link.icon === 'github')).toBe(true);
  });
});
