import { apacheLargeConfig } from './apache-check';
import { formatTable, type BenchModule, type Measure } from './bench';
import { codeCheck } from './code-check';
import { lspEdit } from './lsp-edit';
import { nginxLargeConfig } from './nginx-large-config';
import { probeBench } from './probe';

/** Every benchmark; add a module here to have `npm run bench` run and report it. */
const all: BenchModule[] = [nginxLargeConfig, apacheLargeConfig, codeCheck, lspEdit, probeBench];

/** `npm run bench -- lsp code` runs the benchmarks whose names start with those words; no words, every one. */
const wanted = process.argv.slice(2);
const benches = wanted.length === 0 ? all : all.filter((b) => wanted.some((w) => b.name.startsWith(w)));

async function main(): Promise<number> {
  const rows: { bench: string; measure: Measure }[] = [];
  let failed = false;
  for (const bench of benches) {
    console.log(`== ${bench.name}`);
    try {
      const measures = await bench.run((line) => console.log(`   ${line}`));
      for (const measure of measures) {
        rows.push({ bench: bench.name, measure });
        if (!measure.pass) failed = true;
      }
    } catch (error) {
      failed = true;
      console.log(`   could not run: ${(error as Error).message}`);
      rows.push({ bench: bench.name, measure: { name: 'run', value: NaN, unit: '', target: 'runs', pass: false } });
    }
  }
  console.log('');
  process.stdout.write(formatTable(rows));
  return failed ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
});
