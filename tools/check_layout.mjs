// Checks the layout rules (docs/development.md "Where do I add ..."): no
// Bazel package depends on itself through other packages (no package
// cycle), and the emulator links nothing of //service (it stands in for
// MultiSafepay, so it must not share code with what it checks). Test and
// testonly targets count: a test dependency is a dependency too.
//
//   node tools/check_layout.mjs      (prints "# result P F", as the Node checks do)
import { execFileSync } from 'node:child_process';

function query(expr) {
  return execFileSync('bazel', ['query', '--output=graph', '--noimplicit_deps', '--notool_deps', expr],
                      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
}

// "//a/b:c" -> "//a/b"; external and generated-file labels count by package too.
const packageOf = (label) => label.replace(/^"|"$/g, '').split(':')[0];

const edges = new Map();  // package -> Set(package)
for (const line of query('deps(//...)').split('\n')) {
  const m = line.match(/^\s*"([^"]+)"\s*->\s*"([^"]+)"/);
  if (!m) continue;
  for (const from of m[1].split('\\n')) {
    for (const to of m[2].split('\\n')) {
      const a = packageOf(from), b = packageOf(to);
      if (!a.startsWith('//') || !b.startsWith('//') || a === b) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a).add(b);
    }
  }
}

// Tarjan's strongly connected components: a component of two or more
// packages is a cycle.
let index = 0;
const stack = [], onStack = new Set(), idx = new Map(), low = new Map(), cycles = [];
function visit(v) {
  idx.set(v, index); low.set(v, index); index++;
  stack.push(v); onStack.add(v);
  for (const w of edges.get(v) || []) {
    if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const component = [];
    let w;
    do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}\n     ${detail}`); }
}
check(`no package cycle among ${edges.size} packages`, cycles.length === 0,
      cycles.map((c) => c.join(' <-> ')).join('\n     '));

const emulatorDeps = [...new Set(query('deps(//emulator/...)').match(/"\/\/[^":]*/g) || [])]
    .map((s) => s.slice(1)).filter((p) => p === '//service' || p.startsWith('//service/'));
check('the emulator depends on nothing under //service', emulatorDeps.length === 0,
      `it depends on ${emulatorDeps.join(', ')}`);

console.log(`# result ${passed} ${failed}`);
