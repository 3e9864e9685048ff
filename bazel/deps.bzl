"""The external repositories msp-gateway builds against, for any workspace.

msp-gateway's own WORKSPACE and every workspace that depends on it
(docs/client.md "Depending on it from another Bazel workspace") call
msp_gateway_dependencies() once, right after `msp_gateway` itself is declared:

    load("@msp_gateway//bazel:deps.bzl", "msp_gateway_dependencies")
    msp_gateway_dependencies()

Everything is local: Debian packages under /usr and the stand-ins in
third_party/bazel/, found relative to this file, so the caller's path to
msp-gateway (local_repository, a git checkout, ...) does not matter.
"""

# Labels resolve against the repository holding this file: "@msp_gateway"
# from a consumer, the main repository inside msp-gateway.
_SYSTEM_BUILD = Label("//third_party/system:system.BUILD")
_THIS_FILE = Label("//bazel:deps.bzl")

def _stand_in_impl(rctx):
    # Symlink the vendored directory's entries into the repository, the way
    # local_repository would, without the caller having to know its path.
    root = rctx.path(_THIS_FILE).dirname.dirname
    src = root.get_child("third_party").get_child("bazel").get_child(rctx.attr.dir)
    if not src.exists:
        fail("msp-gateway stand-in %s is missing" % src)
    for child in src.readdir():
        rctx.symlink(child, child.basename)

_stand_in = repository_rule(
    implementation = _stand_in_impl,
    attrs = {"dir": attr.string(mandatory = True)},
    local = True,
)

def _maybe(rule, name, **kwargs):
    if name not in native.existing_rules():
        rule(name = name, **kwargs)

def msp_gateway_dependencies():
    """Declares @system, @grpc_proto, @googleapis and Bazel's stand-ins.

    A repository the caller declared before this call is left alone, so a
    workspace with real rules_cc/rules_java (online) keeps its own.
    """

    # Stand-ins for repositories Bazel 4.2.3's built-in WORKSPACE suffix would
    # otherwise fetch from GitHub (see docs/development.md).
    for name in ["rules_cc", "rules_java", "remote_coverage_tools"]:
        _maybe(_stand_in, name = name, dir = name)

    # Headers, libraries and code generators installed by apt under /usr.
    _maybe(
        native.new_local_repository,
        name = "system",
        build_file = str(_SYSTEM_BUILD),
        path = "/usr",
    )

    # Debian package grpc-proto: health.proto and the reflection protos.
    _maybe(
        native.new_local_repository,
        name = "grpc_proto",
        build_file_content = 'exports_files(glob(["grpc/**/*.proto"]), visibility = ["//visibility:public"])',
        path = "/usr/share/grpc-proto",
    )

    # Debian package golang-github-gogo-googleapis-dev: canonical google.rpc
    # protos (Status, BadRequest, ErrorInfo, RetryInfo) for rich error details.
    _maybe(
        native.new_local_repository,
        name = "googleapis",
        build_file_content = 'exports_files(glob(["google/**/*.proto"]), visibility = ["//visibility:public"])',
        path = "/usr/share/gocode/src/github.com/gogo/googleapis",
    )
