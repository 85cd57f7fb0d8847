#!/usr/bin/env bash
# Exercises the `rose` tool end to end: usage: cli_test.sh PATH/TO/rose
set -euo pipefail
rose=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat > "$dir/f.rose" <<'IR'
opaque fn @hyp(real, real) -> real
fn @f(v0: real, v1: real) -> real {
  v2: real = mul v0 v1
  v3: real = sin v2
  v4: real = exp v0
  v5: real = add v3 v4
  ret v5
}
IR
# print round-trips.
"$rose" print "$dir/f.rose" > "$dir/p.rose"
"$rose" print "$dir/p.rose" | cmp - "$dir/p.rose" || fail "print does not round-trip"
# jvp and vjp print IR that parses again.
"$rose" jvp "$dir/f.rose" | "$rose" print - -f f_jvp > /dev/null || fail "jvp output does not parse"
"$rose" vjp "$dir/f.rose" | "$rose" print - -f f_jvp_bwd > /dev/null || fail "vjp output does not parse"
# The gradient, interpreted, matches the closed form.
got=$("$rose" run "$dir/f.rose" --grad 0.5 3)
want=$(node -e 'const x=0.5,y=3;console.log(JSON.stringify([Math.cos(x*y)*y+Math.exp(x),Math.cos(x*y)*x]))')
node -e "const g=$got,w=$want;if(g.some((v,i)=>Math.abs(v-w[i])>1e-12))process.exit(1)" || fail "gradient $got, want $want"
# .wasm is valid and .wat is text.
"$rose" wasm "$dir/f.rose" --grad -o "$dir/g.wasm" 2> /dev/null
wasm-validate "$dir/g.wasm" || fail "invalid module"
"$rose" wat "$dir/f.rose" --grad | grep -q '(export "f"' || fail "wat lacks the export"
# time reports each pass.
"$rose" time "$dir/f.rose" -n 2 | grep -Eq '^@f, 1 functions, best of 2: vjp [0-9.]+ ms, optimize [0-9.]+ ms, codegen [0-9.]+ ms' ||
  fail "time does not report the passes"
# Errors are messages and a nonzero exit, never a crash.
for bad in "run $dir/f.rose 1" "print $dir/missing.rose" "print $dir/f.rose -f nope" "run $dir/f.rose [1] 2" "grad $dir/f.rose -f hyp" "time $dir/f.rose -f hyp"; do
  set +e
  msg=$("$rose" $bad 2>&1 >/dev/null)
  rc=$?
  set -e
  [ $rc -eq 1 ] && [[ $msg == rose:* ]] || fail "rose $bad: exit $rc, message '$msg'"
done
echo "rose CLI: all checks passed"
