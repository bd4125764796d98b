/** A document that is not a contract of the expected standard; names the field and what was expected. */
export class ContractFormatError extends Error {
  constructor(readonly path: string, readonly expected: string) {
    super(`${path}: ${expected}`);
    this.name = 'ContractFormatError';
  }
}
