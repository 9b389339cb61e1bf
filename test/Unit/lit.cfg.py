# -*- Python -*-
# Runs the GoogleTest binaries (named *Tests) under lit.

import os

import lit.formats

config.name = "ATTNC-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.attnc_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
