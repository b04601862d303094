// SPDX-License-Identifier: Apache-2.0
// Catch2's session run from sc_main: SystemC's own main() calls sc_main, so the tests can
// elaborate a platform. ctest runs each test case in its own process (SystemC elaborates
// once per process), so a test case builds exactly one platform and has no SECTIONs.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <systemc>

#include <cstdlib>

int sc_main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return Catch::Session().run(argc, argv);
}
