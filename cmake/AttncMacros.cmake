# Helpers shared by the project's CMake files.

# attnc_add_unittest(NAME src...) builds a GoogleTest binary named NAME
# (ending in "Tests") into unittests/, where lit's GoogleTest format finds it.
find_package(GTest REQUIRED)
function(attnc_add_unittest name)
  add_executable(${name} ${ARGN})
  set_target_properties(${name} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/unittests)
  target_link_libraries(${name} PRIVATE GTest::gtest GTest::gtest_main)
  add_dependencies(AttncUnitTests ${name})
endfunction()

# attnc_add_mlir_library(NAME src... [DEPENDS tgt...] [MLIR_LIBS lib...]
#                        [LINK_LIBS lib...])
# A static, position-independent library of attnc code that uses MLIR. MLIR
# libraries go through mlir_target_link_libraries so that, with
# MLIR_LINK_MLIR_DYLIB, everything links the one libMLIR.so.
function(attnc_add_mlir_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;MLIR_LIBS;LINK_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  llvm_update_compile_flags(${name})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  if(ARG_MLIR_LIBS)
    mlir_target_link_libraries(${name} PUBLIC ${ARG_MLIR_LIBS})
  endif()
  # attnc code calls LLVM (APFloat, raw_ostream) directly: name libLLVM.so so
  # that consumers of the installed package link it too.
  target_link_libraries(${name} PUBLIC LLVM)
  if(ARG_LINK_LIBS)
    target_link_libraries(${name} PUBLIC ${ARG_LINK_LIBS})
  endif()
  install(TARGETS ${name} EXPORT attncTargets ARCHIVE DESTINATION lib)
  set_property(GLOBAL APPEND PROPERTY ATTNC_EXPORTED_LIBS ${name})
endfunction()
