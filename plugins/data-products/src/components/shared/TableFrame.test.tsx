import { render } from '@testing-library/react';
import { Breakable, TableFrame } from './TableFrame';

describe('Breakable', () => {
  it('offers a line break after each separator of a location, and nowhere else', () => {
    const { container } = render(
      <Breakable text="s3://datalake/logistics/shipments/" />,
    );
    expect(container.textContent).toBe('s3://datalake/logistics/shipments/');
    // after "s3:", "/", "/", "datalake/", "logistics/"
    expect(container.querySelectorAll('wbr')).toHaveLength(5);
    expect(container.innerHTML).toBe(
      's3:<wbr>/<wbr>/<wbr>datalake/<wbr>logistics/<wbr>shipments/',
    );
  });

  it('leaves a text without separators whole', () => {
    const { container } = render(<Breakable text="parquet" />);
    expect(container.innerHTML).toBe('parquet');
  });
});

describe('TableFrame', () => {
  it('wraps its table in one frame', () => {
    const { container } = render(
      <TableFrame>
        <table aria-label="t" />
      </TableFrame>,
    );
    expect(container.querySelector('div > table')).not.toBeNull();
  });
});
