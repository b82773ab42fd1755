// The public surface equals docs/api.md (linked from the README), entry point by entry point: a name the
// package exports but the docs do not mention fails, and so does a documented name that is gone.
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const test = suite("public surface");
const apiDoc = readFileSync(new URL("../docs/api.md", import.meta.url), "utf8");

/** Names in the first column of each table under "## `<entry>`" in docs/api.md. */
function documented(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of text.split(/^## /m).slice(1)) {
    const entry = /^`([^`]+)`/.exec(part)?.[1];
    if (!entry) continue;
    const names: string[] = [];
    for (const line of part.split("\n")) {
      const cell = /^\| ([^|]+) \|/.exec(line)?.[1];
      if (cell && cell !== "name" && !cell.startsWith("---"))
        names.push(...[...cell.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]));
    }
    out.set(entry, names.sort());
  }
  return out;
}

const ENTRIES: [string, string, string | null][] = [
  // [entry as documented, source module, the entry it also re-exports]
  ["hyperwasm", "../src/index.ts", null],
  ["hyperwasm/node", "../src/node.ts", "hyperwasm"],
  ["hyperwasm/tfjs", "../src/tfjs/index.ts", null],
  ["hyperwasm/distributed", "../src/runtime/distributed/index.ts", null],
];

test("the documentation parser reads names per entry", () => {
  const doc = documented(
    "# API\n| `top` | x |\n## `a`\n| name | what |\n|---|---|\n| `x`, `y` | z `notme` |\n## `b`\n| `q` | r |\n## Next\n| `no` | x |\n",
  );
  assert.equal(
    [...doc.entries()],
    [
      ["a", ["x", "y"]],
      ["b", ["q"]],
    ],
  );
});

test("docs/api.md documents exactly what each entry point exports", async () => {
  const doc = documented(apiDoc);
  assert.equal([...doc.keys()].sort(), ENTRIES.map((e) => e[0]).sort());
  for (const [entry, module, includes] of ENTRIES) {
    const exported = Object.keys(await import(module)).sort();
    const expected = [...doc.get(entry)!, ...(includes ? doc.get(includes)! : [])].sort();
    assert.equal(exported, expected, entry);
  }
});

test.run();
