import { parseAllDocuments } from 'yaml';

export interface YamlSyntaxError {
  /** `3:7`, or `?` when the parser gave no position. */
  position: string;
  message: string;
}

export interface YamlDocuments {
  /** The documents that parsed, as plain values (empty documents are left out). */
  documents: unknown[];
  errors: YamlSyntaxError[];
}

/**
 * Parses a multi-document YAML text. A document with a syntax error is reported (its first
 * error) and left out, so the other documents of the file are still checked.
 */
export function parseYamlDocuments(text: string): YamlDocuments {
  const result: YamlDocuments = { documents: [], errors: [] };
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      // Later errors in a document mostly follow from the first; one line is clearer.
      const [error] = document.errors;
      const position = error.linePos?.[0];
      result.errors.push({
        position: position ? `${position.line}:${position.col}` : '?',
        // The parser appends the position and a snippet of the source; keep the sentence.
        message: error.message
          .split('\n')[0]
          .replace(/ at line \d+, column \d+:?$/, ''),
      });
      continue;
    }
    const value = document.toJS();
    if (value !== null && value !== undefined) {
      result.documents.push(value);
    }
  }
  return result;
}
