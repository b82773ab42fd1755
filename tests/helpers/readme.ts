// The ```js blocks of one "## title" section of a Markdown document, in order.
export function codeBlocks(markdown: string, title: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(`${title}\n`));
  if (!section) return [];
  return [...section.matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}
