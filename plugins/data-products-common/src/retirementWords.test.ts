import { RETIREMENT_STEPS } from './api/retirement';
import { RETIREMENT_STEP_LABELS } from './retirementWords';

describe('RETIREMENT_STEP_LABELS', () => {
  it('names every step, in words people read (no step id), each once', () => {
    const labels = RETIREMENT_STEPS.map(step => RETIREMENT_STEP_LABELS[step]);
    expect(labels).toEqual([
      'Stop the pipeline',
      "Revoke every consumer's access",
      'Archive the data',
      'Delete the SLO monitors',
      'Release roles and workgroups',
      'Mark retired and remove from the catalog',
    ]);
    expect(Object.keys(RETIREMENT_STEP_LABELS).sort()).toEqual(
      [...RETIREMENT_STEPS].sort(),
    );
  });
});
