// SPDX-License-Identifier: Apache-2.0
// Router: the platform's interconnect. Any number of initiators bind to `targets_in`;
// each entry of the address map sends [base, base + size) to one target bound to
// `to_targets` (in binding order), with the address made relative to base. An address no
// entry holds answers TLM_ADDRESS_ERROR_RESPONSE (AXI DECERR). A transfer may not cross
// an entry's end.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <cstdint>
#include <string>
#include <vector>

namespace npu::vp {

class Router : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Router> targets_in;
  tlm_utils::multi_passthrough_initiator_socket<Router> to_targets;

  explicit Router(sc_core::sc_module_name name);
  // Maps [base, base + size) to the target bound `port`-th to to_targets.
  void map(uint64_t base, uint64_t size, unsigned port, std::string what);

 private:
  struct Entry {
    uint64_t base, size;
    unsigned port;
    std::string what;
  };
  const Entry* decode(uint64_t addr, uint64_t len) const;
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(int id, tlm::tlm_generic_payload& trans);

  std::vector<Entry> map_;
};

}  // namespace npu::vp
