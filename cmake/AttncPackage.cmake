# Installs headers (sources and generated .inc), libraries, tools and the
# CMake package so that another project can:
#   find_package(attnc REQUIRED CONFIG)
#   target_link_libraries(app PRIVATE attnc::AttncAttnDialect
#                                     attnc::AttncAttnTransforms)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/attnc DESTINATION include
        FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/attnc DESTINATION include
        FILES_MATCHING PATTERN "*.inc")

set(ATTNC_CMAKE_DIR lib/cmake/attnc)
install(EXPORT attncTargets NAMESPACE attnc:: DESTINATION ${ATTNC_CMAKE_DIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/attncConfig.cmake.in
  ${PROJECT_BINARY_DIR}/attncConfig.cmake
  INSTALL_DESTINATION ${ATTNC_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/attncConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/attncConfig.cmake
              ${PROJECT_BINARY_DIR}/attncConfigVersion.cmake
        DESTINATION ${ATTNC_CMAKE_DIR})
