"""C++ code generation with Debian's protoc and grpc_cpp_plugin.

There is no offline rules_proto/cc_grpc_library for Bazel 4.2.3 here, so this
small rule runs the system code generators directly.
"""

def _import_root(f, proto_root):
    return "/".join([p for p in [f.owner.workspace_root, f.owner.package, proto_root] if p])

def _proto_cc_gen_impl(ctx):
    pkg = ctx.label.package
    hdrs, srcs, roots = [], [], {}
    for f in ctx.files.srcs + ctx.files.deps:
        root = _import_root(f, ctx.attr.proto_root)
        if root and not f.path.startswith(root + "/"):
            fail("%s is not under import root %s" % (f.path, root))
        roots[root or "."] = True

    if ctx.attr.grpc_mock:
        # Only the gmock header: the service code itself comes from the regular
        # target, which the mock library depends on.
        exts = ["_mock.grpc.pb.h"]
    elif ctx.attr.grpc:
        exts = [".pb.h", ".pb.cc", ".grpc.pb.h", ".grpc.pb.cc"]
    else:
        exts = [".pb.h", ".pb.cc"]
    for f in ctx.files.srcs:
        root = _import_root(f, ctx.attr.proto_root)
        base = (f.path[len(root) + 1:] if root else f.path)[:-len(".proto")]
        for ext in exts:
            out = ctx.actions.declare_file(base + ext)
            (hdrs if ext.endswith(".h") else srcs).append(out)

    # workspace_root keeps generation working when this repository is an
    # external dependency of another workspace (the client library's users).
    out_root = "/".join([p for p in [ctx.bin_dir.path, ctx.label.workspace_root, pkg] if p])
    args = ctx.actions.args()
    for r in roots.keys():
        args.add("-I" + r)
    if not ctx.attr.grpc_mock:
        args.add("--cpp_out=" + out_root)
    tools = [ctx.executable._protoc]
    if ctx.attr.grpc:
        args.add("--plugin=protoc-gen-grpc=" + ctx.executable._grpc_plugin.path)
        args.add("--grpc_out=" + ("generate_mock_code=true:" if ctx.attr.grpc_mock else "") + out_root)
        tools.append(ctx.executable._grpc_plugin)
    args.add_all(ctx.files.srcs)
    ctx.actions.run(
        executable = ctx.executable._protoc,
        arguments = [args],
        inputs = ctx.files.srcs + ctx.files.deps,
        tools = tools,
        outputs = hdrs + srcs,
        mnemonic = "SystemProtoc",
        progress_message = "protoc (system) %s" % ctx.label,
    )
    return [
        DefaultInfo(files = depset(hdrs + srcs)),
        OutputGroupInfo(hdrs = depset(hdrs), srcs = depset(srcs)),
    ]

proto_cc_gen = rule(
    implementation = _proto_cc_gen_impl,
    attrs = {
        "srcs": attr.label_list(allow_files = [".proto"]),
        # Imported .proto files (for -I and the sandbox); well-known types come
        # from /usr/include, which Debian's protoc searches by itself.
        "deps": attr.label_list(allow_files = [".proto"]),
        "proto_root": attr.string(default = ""),
        "grpc": attr.bool(default = False),
        "grpc_mock": attr.bool(default = False),
        "_protoc": attr.label(
            default = "@system//:bin/protoc",
            executable = True,
            cfg = "host",
            allow_single_file = True,
        ),
        "_grpc_plugin": attr.label(
            default = "@system//:bin/grpc_cpp_plugin",
            executable = True,
            cfg = "host",
            allow_single_file = True,
        ),
    },
)

def cc_proto_grpc_library(
        name,
        srcs,
        proto_root = "",
        grpc = False,
        proto_deps = [],
        deps = [],
        **kwargs):
    """Generates C++ for `srcs` and wraps it in a cc_library named `name`.

    Args:
      name: the cc_library.
      srcs: .proto files to generate.
      proto_root: import root below the package (e.g. "" for proto/ itself).
      grpc: also generate gRPC service code.
      proto_deps: .proto files imported by srcs but generated elsewhere.
      deps: cc_library targets with the generated code of proto_deps.
      **kwargs: passed to the cc_library (visibility, alwayslink, testonly).
    """
    proto_cc_gen(
        name = name + "_gen",
        srcs = srcs,
        deps = proto_deps,
        proto_root = proto_root,
        grpc = grpc,
        visibility = ["//visibility:private"],
        testonly = kwargs.get("testonly", False),
    )
    native.filegroup(
        name = name + "_hdrs",
        srcs = [":" + name + "_gen"],
        output_group = "hdrs",
        visibility = ["//visibility:private"],
        testonly = kwargs.get("testonly", False),
    )
    native.filegroup(
        name = name + "_srcs",
        srcs = [":" + name + "_gen"],
        output_group = "srcs",
        visibility = ["//visibility:private"],
        testonly = kwargs.get("testonly", False),
    )
    native.cc_library(
        name = name,
        srcs = [":" + name + "_srcs"],
        hdrs = [":" + name + "_hdrs"],
        includes = ["."],
        deps = deps + ["@system//:protobuf"] + (["@system//:grpc++"] if grpc else []),
        **kwargs
    )

def cc_grpc_mock_library(name, srcs, grpc_library, proto_deps = [], **kwargs):
    """gmock stubs (<file>_mock.grpc.pb.h) for the services in `srcs`.

    Args:
      name: the cc_library (always testonly).
      srcs: the .proto files whose services are mocked.
      grpc_library: the cc_proto_grpc_library(grpc = True) target for `srcs`.
      proto_deps: .proto files imported by srcs.
      **kwargs: passed to the cc_library.
    """
    proto_cc_gen(
        name = name + "_gen",
        srcs = srcs,
        deps = proto_deps,
        grpc = True,
        grpc_mock = True,
        testonly = True,
        visibility = ["//visibility:private"],
    )
    native.cc_library(
        name = name,
        testonly = True,
        hdrs = [":" + name + "_gen"],
        includes = ["."],
        deps = [grpc_library, "@system//:gtest"],
        **kwargs
    )
