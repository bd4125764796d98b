import { ConfigReader } from '@backstage/config';
import { readProvisioningConfig } from './config';

const read = (provisioning: unknown) =>
  readProvisioningConfig(
    new ConfigReader({ meshport: { provisioning } } as any),
  );

describe('readProvisioningConfig', () => {
  it('defaults to plan mode, a reconcile every 30 minutes and change checks every minute', () => {
    expect(readProvisioningConfig(new ConfigReader({}))).toEqual({
      mode: 'plan',
      scheduleFrequency: { minutes: 30 },
      changeDetectionFrequency: { minutes: 1 },
    });
  });

  it('reads the mode and both frequencies', () => {
    expect(
      read({
        mode: 'apply',
        schedule: { frequency: { hours: 1 } },
        changeDetection: { frequency: '5m' },
      }),
    ).toEqual({
      mode: 'apply',
      scheduleFrequency: { hours: 1 },
      changeDetectionFrequency: { minutes: 5 },
    });
  });

  it('refuses an unknown mode, naming the key', () => {
    expect(() => read({ mode: 'yolo' })).toThrow(
      `Invalid config at 'meshport.provisioning.mode': expected 'plan' or 'apply', got "yolo"`,
    );
  });

  it('refuses a frequency that is not a duration, naming the key', () => {
    expect(() => read({ schedule: { frequency: { fortnights: 2 } } })).toThrow(
      "Invalid config at 'meshport.provisioning.schedule.frequency'",
    );
    expect(() =>
      read({ changeDetection: { frequency: { minutes: 0 } } }),
    ).toThrow(
      "Invalid config at 'meshport.provisioning.changeDetection.frequency': expected a duration longer than zero",
    );
  });
});
