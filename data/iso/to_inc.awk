# Turns one ISO table of this folder into rows of X-macros for a C++ file to
# #include, so each binary compiles the table in (no data files at run time:
# the scratch images hold only the binary).
#
#   awk -v kind=currency -v src=data/iso/iso4217.csv -f to_inc.awk FILE
#     -> ISO4217_CURRENCY("AED", 2)        (N.A. minor units: ISO4217_NA)
#   awk -v kind=country -v src=data/iso/iso3166_alpha2.txt -f to_inc.awk FILE
#     -> ISO3166_ALPHA2("AD")
#
# The includer defines the macros. A malformed, unsorted or duplicate line
# fails the build with the line number, rather than reaching a binary search.
# Plain POSIX awk (Debian's mawk is enough).

function fail(message) {
  print src ":" NR ": " message > "/dev/stderr"
  failed = 1
  exit 1
}

BEGIN {
  if (kind != "currency" && kind != "country") {
    print "to_inc.awk: kind must be currency or country" > "/dev/stderr"
    failed = 1
    exit 1
  }
  print "// Generated from " src " by data/iso/to_inc.awk; edit that file."
}

/^#/ || /^[ \t\r]*$/ { next }

{
  line = $0
  sub(/\r$/, "", line)
  if (kind == "currency") {
    if (split(line, field, ",") != 2) fail("want CODE,MINOR_UNITS: " line)
    key = field[1]
    units = field[2]
    if (key !~ /^[A-Z][A-Z][A-Z]$/) fail("not an upper-case 3-letter code: " line)
    if (units == "N.A.") units = "ISO4217_NA"
    else if (units !~ /^[0-4]$/) fail("minor units must be 0-4 or N.A.: " line)
    row = "ISO4217_CURRENCY(\"" key "\", " units ")"
  } else {
    key = line
    if (key !~ /^[A-Z][A-Z]$/) fail("not an upper-case 2-letter code: " line)
    row = "ISO3166_ALPHA2(\"" key "\")"
  }
  if (rows > 0 && !(key > previous)) fail(key " is not after " previous " (sorted, no duplicates)")
  previous = key
  rows++
  print row
}

END {
  if (failed) exit 1
  if (rows == 0) fail("no rows")
}
