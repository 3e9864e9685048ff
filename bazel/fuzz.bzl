"""cc_fuzz_test: a libFuzzer target that is also a regression test.

    cc_fuzz_test(
        name = "msp_reply_fuzzer",
        srcs = ["msp_reply_fuzzer.cc"],   # defines LLVMFuzzerTestOneInput
        deps = [...],
        corpus = glob(["corpus/msp_reply/*"]) + ["//some:golden_files"],
        regressions = glob(["msp_reply_fuzzer_regressions/*"]),
        max_len = 65536,
    )

* Default build (gcc): a cc_test whose main() (//tests/fuzz:replay_main)
  feeds every corpus and regression file once through
  LLVMFuzzerTestOneInput, so `bazel test //...` replays them all and every
  crash ever found stays fixed.
* `--config=fuzz` (clang 14, bazel/clang/): the same target is linked with
  -fsanitize=fuzzer, i.e. it is a real libFuzzer binary. `bazel test` still
  only replays the files (`-runs=0 -seed_inputs=@<name>.seeds`);
  tests/fuzz/run.sh runs it as a fuzzer on a copy of the corpus.

Seeds may be any files, including other packages' golden data: reference
them instead of copying. The binary's runfiles hold every seed, and
`<name>.seeds` (a generated file next to the binary) lists their runfiles
paths, comma-separated as libFuzzer's -seed_inputs=@FILE wants them.
"""

load("@rules_cc//cc:defs.bzl", "cc_test")

_FUZZING = "//bazel/clang:libfuzzer"

def _seed_list_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name)
    paths = [f.short_path for f in ctx.files.srcs]
    for p in paths:
        if "," in p:
            fail("seed file names must not contain ',': " + p)
    ctx.actions.write(out, ",".join(paths))
    return [DefaultInfo(
        files = depset([out]),
        runfiles = ctx.runfiles(files = [out]),
    )]

_seed_list = rule(
    implementation = _seed_list_impl,
    attrs = {"srcs": attr.label_list(allow_files = True)},
)

def _fuzz_options_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name)
    lines = ["-max_len=%d" % ctx.attr.max_len]
    if ctx.file.dict:
        lines.append("-dict=" + ctx.file.dict.short_path)
    ctx.actions.write(out, "\n".join(lines) + "\n")
    return [DefaultInfo(
        files = depset([out]),
        runfiles = ctx.runfiles(files = [out]),
    )]

# libFuzzer flags of one target, one per line, for tests/fuzz/run.sh.
_fuzz_options = rule(
    implementation = _fuzz_options_impl,
    attrs = {
        "max_len": attr.int(mandatory = True),
        "dict": attr.label(allow_single_file = True),
    },
)

def cc_fuzz_test(
        name,
        srcs,
        deps = [],
        corpus = [],
        regressions = [],
        max_len = 4096,
        dict = None,
        size = "small",
        tags = [],
        **kwargs):
    """A libFuzzer target that replays its corpus as a cc_test.

    Args:
      name: the test (and, under --config=fuzz, the fuzzer binary).
      srcs: sources; one defines LLVMFuzzerTestOneInput.
      deps: libraries under test.
      corpus: seed files (labels or globs; other packages' files welcome).
      regressions: inputs that once crashed; replayed like the corpus, and
        kept apart so that nobody "minimises" them away.
      max_len: libFuzzer's -max_len for tests/fuzz/run.sh (bytes).
      dict: optional libFuzzer dictionary file.
      size: test size.
      tags: extra tags; "fuzz_test" is always added (the runner's query).
      **kwargs: passed to cc_test.
    """
    seeds = corpus + regressions
    _seed_list(
        name = name + ".seeds",
        srcs = seeds,
        testonly = True,
    )
    _fuzz_options(
        name = name + ".options",
        max_len = max_len,
        dict = dict,
        testonly = True,
    )
    data = seeds + [
        ":" + name + ".seeds",
        ":" + name + ".options",
    ] + ([dict] if dict else [])
    cc_test(
        name = name,
        srcs = srcs,
        size = size,
        data = data,
        args = select({
            _FUZZING: [
                "-runs=0",
                "-seed_inputs=@$(rootpath :%s.seeds)" % name,
            ],
            "//conditions:default": ["@$(rootpath :%s.seeds)" % name],
        }),
        linkopts = select({
            _FUZZING: ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        deps = deps + select({
            _FUZZING: [],
            "//conditions:default": ["//tests/fuzz:replay_main"],
        }),
        tags = tags + ["fuzz_test"],
        **kwargs
    )
