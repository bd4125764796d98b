import { findMatchedColumn } from './matchedColumn';

describe('findMatchedColumn', () => {
  const columns = ['shipment_id', 'carrier', 'delivered_at', 'promised_at'];

  it('finds the column named exactly as typed', () => {
    expect(findMatchedColumn(columns, ' Delivered_At ')).toBe('delivered_at');
  });

  it('finds a column holding every word, or a word start', () => {
    expect(findMatchedColumn(columns, 'delivered')).toBe('delivered_at');
    expect(findMatchedColumn(columns, 'ship id')).toBe('shipment_id');
  });

  it('finds nothing for words no column holds', () => {
    expect(findMatchedColumn(columns, 'carrier_code')).toBeUndefined();
    expect(findMatchedColumn(columns, '')).toBeUndefined();
    expect(findMatchedColumn(undefined, 'carrier')).toBeUndefined();
  });
});
