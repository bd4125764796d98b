// A node:test reporter that writes {"passed":N,"failed":M} for the suite summary (suites not counted).
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass') passed += 1;
    if (event.type === 'test:fail') failed += 1;
  }
  yield `${JSON.stringify({ passed, failed })}\n`;
}
