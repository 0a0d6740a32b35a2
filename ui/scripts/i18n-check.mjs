// Fails (exit 1) when the translations are incomplete:
//  - a key exists in one language and not the other, or a string is empty;
//  - the `{placeholders}` of a key differ between languages;
//  - a key used in the code (t('…'), translate(lang, '…'), …Key="…"/…Key: '…') is not in the
//    dictionary;
//  - an error code or database-problem kind of the IPC contract (bindings.ts) has no message.
// The dictionaries are TypeScript; they are transpiled in memory with the project's own
// TypeScript compiler, so no extra tool is needed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const problems = [];

async function loadDictionary(file, exportName) {
  const source = readFileSync(join(src, 'lib/i18n', file), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
  return module[exportName];
}

function leaves(node, prefix = '', out = new Map()) {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') leaves(value, path, out);
    else problems.push(`${path}: not a string or a group`);
  }
  return out;
}

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

const dictionaries = { lv: leaves(await loadDictionary('lv.ts', 'lv')), en: leaves(await loadDictionary('en.ts', 'en')) };

for (const [language, entries] of Object.entries(dictionaries)) {
  for (const [key, text] of entries) {
    if (text.trim() === '') problems.push(`${language}: "${key}" is empty`);
    for (const [other, otherEntries] of Object.entries(dictionaries)) {
      if (other === language) continue;
      if (!otherEntries.has(key)) problems.push(`"${key}" exists in ${language} but not in ${other}`);
      else if (language === 'lv' && placeholders(text) !== placeholders(otherEntries.get(key))) {
        problems.push(`"${key}": placeholders differ between ${language} and ${other}`);
      }
    }
  }
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) && !path.includes('/i18n/') ? [path] : [];
  });
}

const usagePatterns = [
  /\bt\(\s*['"]([\w.]+)['"]/g,
  /\btranslate\(\s*[^,()]+,\s*['"]([\w.]+)['"]/g,
  /\w*Key\s*[=:]\s*['"]([\w.]+)['"]/g,
];
let usages = 0;
for (const file of sourceFiles(src)) {
  const text = readFileSync(file, 'utf8');
  for (const pattern of usagePatterns) {
    for (const match of text.matchAll(pattern)) {
      usages += 1;
      if (!dictionaries.lv.has(match[1])) problems.push(`${relative(root, file)}: key "${match[1]}" is not in the dictionary`);
    }
  }
}

// Keys built at run time from contract values: every value must have its message.
const bindings = readFileSync(join(src, 'lib/bindings.ts'), 'utf8');
function unionMembers(typeName) {
  // A union may span several lines (with doc comments between members): up to the next type.
  const match = bindings.match(new RegExp(`export type ${typeName}\\s*=([\\s\\S]*?)(?=\\nexport |\\n\\n|$)`));
  if (!match) {
    problems.push(`bindings.ts: type ${typeName} not found`);
    return [];
  }
  const withoutComments = match[1].replace(/\/\*[\s\S]*?\*\//g, '');
  return [...withoutComments.matchAll(/"(\w+)"/g)].map((m) => m[1]);
}
// Codes the UI adds to the contract's (api.ts: `UiErrorCode = AppErrorCode | '…' | …`).
const apiSource = readFileSync(join(src, 'lib/api.ts'), 'utf8');
const uiCodes = [...(apiSource.match(/export type UiErrorCode = AppErrorCode([^;]*);/)?.[1] ?? '').matchAll(/'(\w+)'/g)].map((m) => m[1]);
if (uiCodes.length === 0) problems.push('api.ts: UiErrorCode not found');
const required = [
  ...[...unionMembers('AppErrorCode'), ...uiCodes].map((code) => `errors.codes.${code}`),
  ...unionMembers('DatabaseProblemKind').flatMap((kind) => [`dbProblem.kinds.${kind}.title`, `dbProblem.kinds.${kind}.body`]),
  ...unionMembers('Language').map((language) => `languages.${language}`),
  ...unionMembers('Theme').map((theme) => `themes.${theme}`),
];
for (const key of required) {
  for (const [language, entries] of Object.entries(dictionaries)) {
    if (!entries.has(key)) problems.push(`${language}: "${key}" is required by the IPC contract but missing`);
  }
}

if (problems.length > 0) {
  console.error(`i18n check failed (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `i18n check passed: ${dictionaries.lv.size} keys in lv and en, ${usages} uses in code, ${required.length} contract keys.`,
);
