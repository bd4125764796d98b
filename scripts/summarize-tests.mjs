// Prints one closing line for the whole suite: "tests: N passed, M failed" (jest + browser tests).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const [jestFile, e2eFile] = process.argv.slice(2);
if (existsSync(jestFile)) {
  const jest = JSON.parse(readFileSync(jestFile, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
} else {
  failed += 1;
  console.error(`no jest results at ${jestFile}`);
}
if (existsSync(e2eFile)) {
  const e2e = JSON.parse(readFileSync(e2eFile, 'utf8'));
  passed += e2e.passed;
  failed += e2e.failed;
} else {
  failed += 1;
  console.error(`no browser test results at ${e2eFile}`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
