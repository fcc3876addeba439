// examples/fruit.csv, the small multi-class CSV of examples/fruit-csv.regx.json, made from a
// seed: three fruits told apart by weight and length, and two columns that say nothing about
// the fruit. test/integration/examples.test.ts requires the committed file to be exactly what
// this makes; `npx tsx test/support/fruit-csv.ts` writes it again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random, permutation } from '../../src/core/random';

/** Per fruit: mean and sd of the weight in grams and of the length in cm. */
const fruits: Record<string, { weight: [number, number]; length: [number, number] }> = {
  apple: { weight: [150, 20], length: [8, 1] },
  banana: { weight: [120, 20], length: [18, 2] },
  cherry: { weight: [8, 2], length: [2, 0.3] },
};
const ROWS_PER_FRUIT = 100;

export function fruitCsv(): string {
  const random = new Random(13);
  const draw = ([mean, sd]: [number, number]) => Math.max(0.1, mean + sd * random.normal());
  const rows: string[] = [];
  for (const [fruit, { weight, length }] of Object.entries(fruits)) {
    for (let i = 0; i < ROWS_PER_FRUIT; i++) {
      // price_tag and crate are drawn alike for every fruit: noise columns.
      const price = random.uniform(0.5, 3);
      const crate = 1 + random.int(20);
      rows.push(`${draw(weight).toFixed(1)},${draw(length).toFixed(1)},${price.toFixed(2)},${crate},${fruit}`);
    }
  }
  const shuffled = Array.from(permutation(rows.length, random), (i) => rows[i]);
  return `weight_g,length_cm,price_tag,crate,fruit\n${shuffled.join('\n')}\n`;
}

export const fruitCsvPath = path.resolve(__dirname, '../../examples/fruit.csv');

if (require.main === module) fs.writeFileSync(fruitCsvPath, fruitCsv());
