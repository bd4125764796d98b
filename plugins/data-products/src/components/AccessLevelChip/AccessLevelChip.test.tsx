import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { AccessLevelChip } from './AccessLevelChip';

describe('AccessLevelChip', () => {
  it.each([
    ['unrestricted', /approved at once/],
    ['restricted', /owner approves each request/],
    ['private', /cannot be requested/],
  ])('explains %s access on hover', async (access, explanation) => {
    await renderInTestApp(<AccessLevelChip access={access} />);

    expect(screen.getByText(access)).toBeInTheDocument();
    expect(screen.getByTitle(explanation)).toBeInTheDocument();
  });

  it('shows an access level it does not know as such', async () => {
    await renderInTestApp(<AccessLevelChip access="secret" />);

    expect(screen.getByText('secret')).toBeInTheDocument();
    expect(screen.getByTitle('Unknown access level.')).toBeInTheDocument();
  });

  it('renders nothing without an access level', async () => {
    const { container } = await renderInTestApp(<AccessLevelChip />);

    expect(container).toBeEmptyDOMElement();
  });
});
