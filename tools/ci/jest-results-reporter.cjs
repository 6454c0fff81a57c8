// Writes each Jest project's totals to tmp/test-results/<project>.json so that
// `npm test` can print one `N passed, N failed` line over every project.
const fs = require('node:fs');
const path = require('node:path');

const resultsDir = path.join(__dirname, '..', '..', 'tmp', 'test-results');

class JestResultsReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(contexts, results) {
    const [context] = [...contexts];
    const displayName = context?.config?.displayName?.name ?? path.basename(this.globalConfig.rootDir);
    fs.mkdirSync(resultsDir, { recursive: true });
    const summary = {
      project: displayName,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      // A suite that could not run (syntax error, failing hook) counts as a failure.
      suitesFailedToRun: results.numRuntimeErrorTestSuites,
      failedTests: results.testResults.flatMap((file) =>
        file.testResults
          .filter((t) => t.status === 'failed')
          .map((t) => `${path.relative(process.cwd(), file.testFilePath)} > ${t.fullName}`),
      ),
    };
    fs.writeFileSync(path.join(resultsDir, `${displayName}.json`), JSON.stringify(summary, null, 2));
  }
}

module.exports = JestResultsReporter;
