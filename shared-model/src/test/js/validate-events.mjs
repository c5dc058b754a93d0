// Validates AG-UI events, one JSON file each, against the official @ag-ui/core 1.0 schemas.
// Prints one line per failing file and a closing "N passed, N failed"; exits 1 if any failed.
import { readFileSync } from "node:fs";
import { EventSchemas } from "@ag-ui/core/schemas";

let failed = 0;
const files = process.argv.slice(2);
for (const file of files) {
  const result = EventSchemas.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!result.success) {
    failed++;
    console.log(file + ": " + JSON.stringify(result.error.issues));
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
