// Parses and validates the AsyncAPI document with the official AsyncAPI parser: the document
// against the AsyncAPI 3.0.0 specification (its JSON Schema and its rules: references resolve,
// operations' messages belong to their channels, Kafka bindings of a known version, ...), and
// every payload schema it references as a schema. Exits 1 on any error or warning.
import { Parser, fromFile } from '@asyncapi/parser';

const file = process.argv[2] ?? new URL('./asyncapi.yaml', import.meta.url).pathname;
const severities = ['error', 'warning', 'info', 'hint'];
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
let failures = 0;
for (const d of diagnostics) {
  const severity = severities[d.severity] ?? String(d.severity);
  if (d.severity <= 1) {
    failures++;
  }
  console.log(`${severity}: ${d.message} (at ${d.path.join('/') || '/'}, rule ${d.code})`);
}
if (!document || failures > 0) {
  console.log(`${file}: NOT a valid AsyncAPI document (${failures} error(s) or warning(s))`);
  process.exit(1);
}
const channels = document.channels().all().map((c) => c.address()).join(', ');
console.log(`${file}: valid AsyncAPI ${document.version()} (channels ${channels}; `
  + `${document.operations().length} operations, ${document.allMessages().length} messages)`);
