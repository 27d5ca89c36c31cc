#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the repository's own inputs (examples and the
# conformance cases' values files). Run from the repository root: fuzz/seed.sh
set -eu
cd "$(dirname "$0")"
for t in values_load render; do
    mkdir -p "corpus/$t"
    for f in ../examples/*.yaml ../testdata/conformance/cases/*/values.yaml ../testdata/bad-inputs/*.yaml; do
        [ -f "$f" ] || continue
        cp "$f" "corpus/$t/$(echo "$f" | tr '/.' '__')"
    done
done
mkdir -p corpus/set_parsers
i=0
for a in 'a=1' 'a.b=c,d[0]=x' 'list[2]={a,b}' 'a\.b=\,' 'x={"a":[1,2]}' '{"a":{"b":null}}' 'k=v,w' 'a[65536]=1'; do
    for sel in 0 1 2 3 4 17 18; do
        i=$((i + 1))
        printf "\\$(printf %03o "$sel")%s" "$a" > "corpus/set_parsers/seed-$i"
    done
done
mkdir -p corpus/yaml_roundtrip
