// The hand-written declarations (dist/index.d.ts) type-check a Rose-style
// program under tsc --strict.
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

test("index.d.ts type-checks a Rose-style program", () => {
  const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
  const file = fileURLToPath(new URL("./types-usage.ts", import.meta.url));
  execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--target", "es2022", "--module", "nodenext",
    "--moduleResolution", "nodenext", "--lib", "es2022,dom", file], { stdio: "inherit" });
});
