// Counts test cases across Bazel targets from their JUnit XML.
// Usage: node count_bazel_tests.mjs <bazel-testlogs> //pkg:target...
// Prints "<passed> <failed>" on stdout and one "failed: <target> <case>" line
// per failure on stderr. A target without a test.xml (it did not build or did
// not run) counts as one failure.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [testlogs, ...targets] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const target of targets) {
  const [pkg, name] = target.replace(/^\/\//, "").split(":");
  const xml = join(testlogs, pkg, name, "test.xml");
  if (!existsSync(xml)) {
    console.error(`failed: ${target} (no test results: not built or not run)`);
    failed += 1;
    continue;
  }
  const text = readFileSync(xml, "utf8");
  const cases = text.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  if (cases.length === 0) {
    // Not a gtest binary (e.g. a shell test): the target is one check.
    const bad = /<failure|<error|failures="[1-9]|errors="[1-9]/.test(text);
    if (bad) {
      failed++;
      console.error(`failed: ${target}`);
    } else {
      passed++;
    }
    continue;
  }
  for (const c of cases) {
    if (/<failure|<error/.test(c)) {
      failed++;
      const name = /\bname="([^"]*)"/.exec(c)?.[1] ?? "?";
      const suite = /\bclassname="([^"]*)"/.exec(c)?.[1];
      console.error(`failed: ${target} ${suite ? `${suite}.` : ""}${name}`);
    } else {
      passed++;
    }
  }
}
console.log(`${passed} ${failed}`);
