// Validates GLB/glTF files with the Khronos glTF Validator and prints one JSON line per file:
// { file, errors, warnings, messages: [first few issues] }. Exit code 1 when any file has errors.
// Used by the importer tests: node scripts/validate-gltf.mjs <file>...
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import validator from 'gltf-validator';

let failed = false;
for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(await readFile(file));
  const report = await validator.validateBytes(bytes, {
    uri: path.basename(file),
    maxIssues: 50,
    // Never follow external references: a tile must be self-contained.
    externalResourceFunction: (uri) => Promise.reject(new Error(`validate-gltf: external resource ${uri} refused`)),
  });
  const { numErrors, numWarnings, messages } = report.issues;
  failed ||= numErrors > 0;
  console.log(JSON.stringify({
    file: path.basename(file),
    errors: numErrors,
    warnings: numWarnings,
    messages: messages.slice(0, 10).map((m) => `${['error', 'warning', 'info', 'hint'][m.severity] ?? m.severity} ${m.code} ${m.pointer ?? ''}: ${m.message}`),
    extensionsUsed: report.info?.extensionsUsed ?? [],
  }));
}
process.exit(failed ? 1 : 0);
