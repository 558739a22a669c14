# Sourced by the install scripts: hashes of a step's inputs, kept as stamps in .venv, so a step
# whose inputs did not change is skipped. Deleting .venv/.stamps forces every step to run.
STAMPS=.venv/.stamps

# hash_of PATH... [--exclude-generated]: one hash over the contents of the files under PATHs
# (generated or ignored outputs left out: the built UI, caches, the generated API types).
hash_of() {
  local paths=() arg
  for arg in "$@"; do [[ $arg == --exclude-generated ]] || paths+=("$arg"); done
  find "${paths[@]}" -type f \
    -not -path '*/node_modules/*' -not -path '*/__pycache__/*' -not -path 'src/goldlabel/static/*' \
    -not -name 'schema.d.ts' -not -name '*.pyc' -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

stamp_matches() { [[ -f "$STAMPS/$1" && "$(cat "$STAMPS/$1")" == "$2" ]]; }

write_stamp() { mkdir -p "$STAMPS" && printf '%s' "$2" > "$STAMPS/$1"; }
