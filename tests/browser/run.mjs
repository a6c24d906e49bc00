// Run the browser tests for ctest: exit 77 (skipped) when Chromium,
// playwright-core or the programs are missing, else run every
// *.test.mjs here with node's test runner and pass on its exit status.
//
//   KISEARCHD=... KISEARCH_INDEX=... KS_SAMPLE_DIR=... \
//   KS_ARTIFACT_DIR=... node tests/browser/run.mjs

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { missingPrerequisites } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const missing = await missingPrerequisites();
if (missing) {
  // scripts/test.sh installs everything and sets KS_REQUIRE_BROWSER:
  // there a missing piece is a failure, never a quiet skip.
  if (process.env.KS_REQUIRE_BROWSER) {
    console.error(`browser tests cannot run: ${missing}`);
    process.exit(1);
  }
  console.error(`browser tests skipped: ${missing}`);
  process.exit(77);
}

const files = fs.readdirSync(here)
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => path.join(here, name));
const child = spawn(process.execPath, ['--test', ...files], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code) => {
  process.exit(code === null ? 1 : code === 77 ? 1 : code);
});
