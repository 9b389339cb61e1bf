# Install the CMake package (filled below)
