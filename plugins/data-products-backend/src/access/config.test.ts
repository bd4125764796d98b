import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_ACCESS_REQUESTS_CONFIG,
  readAccessRequestsConfig,
} from './config';

describe('readAccessRequestsConfig', () => {
  it('has defaults: every 5 minutes, a 7-day notice, no admins', () => {
    expect(readAccessRequestsConfig(new ConfigReader({}))).toEqual(
      DEFAULT_ACCESS_REQUESTS_CONFIG,
    );
    expect(DEFAULT_ACCESS_REQUESTS_CONFIG).toEqual({
      expiryFrequency: { minutes: 5 },
      expiryNoticeMs: 7 * 86_400_000,
      admins: [],
      consumerOwnersMayApprove: false,
    });
  });

  it('reads the keys and normalises the admins to full, lowercase refs', () => {
    expect(
      readAccessRequestsConfig(
        new ConfigReader({
          meshport: {
            admins: ['Data-Platform', 'user:default/Dana'],
            accessRequests: {
              expiry: { frequency: '1h', noticeDays: 0 },
              consumerOwnersMayApprove: true,
            },
          },
        }),
      ),
    ).toEqual({
      expiryFrequency: { hours: 1 },
      expiryNoticeMs: 0,
      admins: ['group:default/data-platform', 'user:default/dana'],
      consumerOwnersMayApprove: true,
    });
  });

  it.each([
    [
      { expiry: { noticeDays: -1 } },
      "Invalid config at 'meshport.accessRequests.expiry.noticeDays': expected a number of days of at least 0, got -1",
    ],
    [
      { expiry: { noticeDays: 'soon' } },
      `Invalid config at 'meshport.accessRequests.expiry.noticeDays': expected a number of days of at least 0, got "soon"`,
    ],
    [
      { expiry: { frequency: 'often' } },
      /^Invalid config at 'meshport.accessRequests.expiry.frequency': expected a duration such as \{ minutes: 5 \} or '5m'/,
    ],
  ])('refuses %j, naming the key', (accessRequests, message) => {
    expect(() =>
      readAccessRequestsConfig(
        new ConfigReader({ meshport: { accessRequests } }),
      ),
    ).toThrow(message);
  });
});
