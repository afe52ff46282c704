/** Prints the README's configuration table from the one list the code validates against. */
import { VARIABLES } from '../server/config/variables.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|');
console.log('| Variable | Default | Example | What it does |');
console.log('|---|---|---|---|');
for (const v of VARIABLES) {
  console.log(`| \`${v.name}\` | ${v.default === undefined ? '—' : `\`${cell(v.default)}\``} | \`${cell(v.example)}\` | ${cell(v.doc)} |`);
}
