// The public surface of every entry point, as one text file a review can read: each exported
// name with its kind and its type, entry point by entry point. `npm run check` runs it with
// --check, which fails when the surface differs from the report checked in (api-report.md);
// run it without, and commit the report, when a change to the surface is meant.
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

const reportFile = 'api-report.md';
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string | { types?: string }>;
};

/** `./dist/s3/index.d.ts` → `src/s3/index.ts`: the source of each entry point. */
const entries = Object.entries(pkg.exports).flatMap(([subpath, target]) => {
  const types = typeof target === 'string' ? undefined : target.types;
  if (types === undefined) return [];
  return [
    {
      name: subpath === '.' ? 'bulwark' : `bulwark/${subpath.slice(2)}`,
      source: types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'),
    },
  ];
});

const program = ts.createProgram(
  entries.map((entry) => entry.source),
  {
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    skipLibCheck: true,
    types: ['node'],
  },
);
const checker = program.getTypeChecker();

function kindOf(symbol: ts.Symbol): string {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & ts.SymbolFlags.Interface) return 'interface';
  if (flags & ts.SymbolFlags.TypeAlias) return 'type';
  if (flags & ts.SymbolFlags.Variable) return 'const';
  return 'other';
}

/** A type as text, without the absolute `import("...")` paths the checker puts before names. */
function typeText(type: ts.Type, at: ts.Node): string {
  const text = checker.typeToString(
    type,
    at,
    ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias,
  );
  return text.replace(/import\("[^"]*"\)\./g, '');
}

/** An interface's or class's public members with their types: `{ a: string; b(): void }`. */
function membersText(type: ts.Type, at: ts.Node): string {
  const members = checker
    .getPropertiesOfType(type)
    .filter((member) => !member.getName().startsWith('#') && !member.getName().startsWith('__@'))
    .map(
      (member) =>
        `${member.getName()}: ${typeText(checker.getTypeOfSymbolAtLocation(member, at), at)}`,
    );
  return `{ ${members.join('; ')} }`;
}

function describe(symbol: ts.Symbol, at: ts.Node): string {
  const kind = kindOf(symbol);
  if (kind === 'interface' || kind === 'class')
    return membersText(checker.getDeclaredTypeOfSymbol(symbol), at);
  if (kind === 'type') return typeText(checker.getDeclaredTypeOfSymbol(symbol), at);
  return typeText(checker.getTypeOfSymbolAtLocation(symbol, at), at);
}

const lines: string[] = [
  '# API report',
  '',
  'Made by `scripts/api-report.ts`; `npm run check` fails when the public surface differs.',
  '',
];
for (const entry of entries) {
  const file = program.getSourceFile(entry.source);
  if (!file) throw new Error(`api-report: cannot read ${entry.source}`);
  const module = checker.getSymbolAtLocation(file);
  const exported = module ? checker.getExportsOfModule(module) : [];
  lines.push(`## ${entry.name} (${exported.length} names)`, '');
  for (const symbol of [...exported].sort((a, b) => a.getName().localeCompare(b.getName()))) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    lines.push(
      `- ${kindOf(target)} \`${symbol.getName()}\`: \`${describe(target, file).replace(/\s+/g, ' ')}\``,
    );
  }
  lines.push('');
}
const report = lines.join('\n');

if (process.argv.includes('--check')) {
  let checkedIn = '';
  try {
    checkedIn = readFileSync(reportFile, 'utf8');
  } catch {
    // No report yet: reported as a difference below.
  }
  if (checkedIn !== report) {
    console.error(
      `api-report: the public surface differs from ${reportFile}. If the change is meant, run \`node scripts/api-report.ts\` and commit ${reportFile}.`,
    );
    process.exit(1);
  }
} else {
  writeFileSync(reportFile, report);
  for (const line of lines.filter((l) => l.startsWith('## '))) console.log(line.slice(3));
}
