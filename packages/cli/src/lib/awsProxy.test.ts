import { proxyFor } from './awsProxy';

const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

describe('proxyFor', () => {
  it("uses the scheme's proxy, HTTP_PROXY for https when HTTPS_PROXY is unset", () => {
    const both = env({
      HTTPS_PROXY: 'http://secure-proxy:3128',
      HTTP_PROXY: 'http://proxy:3128',
    });
    expect(proxyFor(new URL('https://iam.amazonaws.com'), both)).toBe(
      'http://secure-proxy:3128',
    );
    expect(proxyFor(new URL('http://127.0.0.1:5000'), both)).toBe(
      'http://proxy:3128',
    );
    const httpOnly = env({ http_proxy: 'http://proxy:3128' });
    expect(
      proxyFor(new URL('https://sts.eu-west-1.amazonaws.com'), httpOnly),
    ).toBe('http://proxy:3128');
    expect(
      proxyFor(new URL('https://sts.amazonaws.com'), env({})),
    ).toBeUndefined();
  });

  it('goes direct to the hosts NO_PROXY names', () => {
    const withNoProxy = (noProxy: string) =>
      env({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy });
    const glue = new URL('https://glue.eu-west-1.amazonaws.com');
    expect(proxyFor(glue, withNoProxy('amazonaws.com'))).toBeUndefined();
    expect(proxyFor(glue, withNoProxy('.amazonaws.com'))).toBeUndefined();
    expect(proxyFor(glue, withNoProxy('*.amazonaws.com'))).toBeUndefined();
    expect(proxyFor(glue, withNoProxy('localhost, *'))).toBeUndefined();
    expect(proxyFor(glue, withNoProxy('amazonaws.com:443'))).toBeUndefined();
    expect(proxyFor(glue, withNoProxy('amazonaws.com:8443'))).toBe(
      'http://proxy:3128',
    );
    expect(proxyFor(glue, withNoProxy('notamazonaws.com,example.com'))).toBe(
      'http://proxy:3128',
    );
    expect(
      proxyFor(new URL('https://[::1]:4566'), withNoProxy('::1')),
    ).toBeUndefined();
  });
});
