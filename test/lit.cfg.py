# -*- Python -*-
# lit configuration for attnc's IR and tool tests.

import os
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "ATTNC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "Unit", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.attnc_obj_root, "test")

config.environment["FILECHECK_OPTS"] = (
    "-enable-var-scope --allow-unused-prefixes=false")

llvm_config.use_default_substitutions()
config.substitutions.append(("%attnc_src_root", config.attnc_src_root))
config.substitutions.append(("%attnc_obj_root", config.attnc_obj_root))
config.substitutions.append(("%sweep_size", config.attnc_sweep_size))
config.substitutions.append(("%attnc_tools_dir", config.attnc_tools_dir))

tool_dirs = [config.attnc_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["attn-opt", "attn-run", "attnc-calibrate", "attnc"], tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# The interpreter CMake found runs the tests' Python helpers; "numpy" marks
# that it can import NumPy (lit's own interpreter may not).
config.substitutions.append(("%attnc_python", config.python_executable))
if subprocess.call([config.python_executable, "-c", "import numpy"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("numpy")

# GPU code generation: "ptxas" when the CUDA toolkit's assembler is here
# (cubins and kernel libraries; PTX needs nothing), "cuda-runtime" when the
# GPU kernels' runtime archive was built (it needs cuda.h). No test runs a
# GPU: that is benchmarks/gpu, on the GPU machine.
import shutil
if shutil.which("ptxas") or os.path.exists("/usr/local/cuda/bin/ptxas"):
    config.available_features.add("ptxas")
if os.path.exists(os.path.join(config.attnc_obj_root, "lib",
                               "libAttncCudaRuntime.a")):
    config.available_features.add("cuda-runtime")
